import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { StaffApi } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { CurrentStaff, RequireStaffRole, StaffAuthService, StaffEntity, StaffGuard, StaffPrincipal, StaffPublic, StaffRole, StaffService } from '@paysession/staff';
import { AdminGqlContext } from './admin-context';
import { LoginArgs } from './inputs/auth.args';
import { StaffMemberModel } from './models/staff-member.model';
import { clearSignInCookie, setSignInCookie } from './sign-in-cookie';

/** Sign-in, sign-out and "who am I" for the console. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => StaffMemberModel)
export class StaffAuthResolver {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Mutation(() => StaffMemberModel, { description: 'Signs in: sets the httpOnly sign-in cookie and returns the staff member.' })
  @StaffPublic()
  async login(@Args() args: LoginArgs, @Context() { req, res }: AdminGqlContext): Promise<StaffEntity> {
    const signIn = await this.auth.login(args.email, args.password, req.ip);
    setSignInCookie(req, res, this.config, signIn.token, signIn.expiresAt);
    return signIn.staff;
  }

  @Mutation(() => Boolean, { description: 'Signs out: the sign-in ends on the server and the cookie is cleared.' })
  @RequireStaffRole(StaffRole.viewer)
  async logout(@CurrentStaff() staff: StaffPrincipal, @Context() { req, res }: AdminGqlContext): Promise<boolean> {
    await this.auth.logout(staff);
    clearSignInCookie(req, res, this.config);
    return true;
  }

  @Query(() => StaffMemberModel, { description: 'The signed-in staff member' })
  @RequireStaffRole(StaffRole.viewer)
  me(@CurrentStaff() staff: StaffPrincipal): Promise<StaffEntity> {
    return this.staff.get(staff.id);
  }
}
