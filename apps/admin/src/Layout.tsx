import { ListItemText, MenuItem } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Logout, useGetIdentity, usePermissions, UserMenu } from 'react-admin';

/** Who is signed in, with which role, and the way out. */
const StaffMenu = () => {
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<string>();
  return (
    <UserMenu>
      <MenuItem disabled data-testid="signed-in-as">
        <ListItemText primary={identity?.fullName ?? ''} secondary={permissions ? `Role: ${permissions}` : undefined} />
      </MenuItem>
      <Logout data-testid="logout" />
    </UserMenu>
  );
};

const StaffAppBar = () => <AppBar userMenu={<StaffMenu />} />;

export const Layout = ({ children }: { children: ReactNode }) => <RaLayout appBar={StaffAppBar}>{children}</RaLayout>;
