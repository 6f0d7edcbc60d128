import { randomBytes } from 'node:crypto';
import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { Public } from '@paysession/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sandboxOutcome } from './sandbox-cards';
import { renderAuthenticatePage, renderCardPage, renderSandboxProblem, sandboxHeaders } from './sandbox-page.view';
import { SandboxPaymentsService, SandboxStep } from './sandbox-payments.service';
import { SandboxTicket } from './sandbox-ticket';

/** The sandbox partner's endpoint and pages, under /sandbox (only when SANDBOX_PAYMENTS is on). */
@Controller('sandbox')
export class SandboxPaymentsController {
  constructor(private readonly sandbox: SandboxPaymentsService) {}

  /** Paysession's signed payment-session request (the partner protocol). */
  @Post('payment-sessions')
  @Public()
  paymentSession(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    // Fastify parsed the JSON; serialised again it is byte for byte what Paysession signed
    // (JSON.stringify of plain data, keys in order, no whitespace).
    const answer = this.sandbox.accept(JSON.stringify(req.body ?? null), req.headers);
    if (!answer) {
      reply.code(401).send({ error: 'bad signature' });
      return;
    }
    reply.code(200).send(answer);
  }

  // The ticket rides in the query string: it is longer than a path parameter may be.
  @Get('pay')
  @Public()
  cardPage(@Query('ticket') sealed: string, @Res() reply: FastifyReply): void {
    const ticket = this.open(sealed, reply);
    if (ticket) this.html(reply, 200, (nonce) => renderCardPage(sealed, ticket, nonce));
  }

  @Post('pay')
  @Public()
  async pay(@Query('ticket') sealed: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ticket = this.open(sealed, reply);
    if (!ticket) return;
    const outcome = sandboxOutcome((req.body as Record<string, unknown> | undefined)?.cardNumber);
    if (!outcome) {
      return this.html(reply, 422, (nonce) => renderCardPage(sealed, ticket, nonce, 'The sandbox takes only the test cards listed below.'));
    }
    this.step(reply, sealed, ticket, await this.sandbox.pay(ticket, outcome));
  }

  @Post('pay/authenticate')
  @Public()
  async authenticate(@Query('ticket') sealed: string, @Res() reply: FastifyReply): Promise<void> {
    const ticket = this.open(sealed, reply);
    if (ticket) this.step(reply, sealed, ticket, await this.sandbox.pay(ticket, 'resolve'));
  }

  private step(reply: FastifyReply, sealed: string, ticket: SandboxTicket, step: SandboxStep): void {
    if (step.kind === 'redirect') {
      reply.headers(sandboxHeaders(nonce())).code(303).header('Location', step.location).send();
    } else if (step.kind === 'authenticate') {
      this.html(reply, 200, (n) => renderAuthenticatePage(sealed, ticket, n));
    } else {
      this.html(reply, 502, (n) => renderSandboxProblem(n, step.message));
    }
  }

  private open(sealed: unknown, reply: FastifyReply): SandboxTicket | null {
    let ticket: SandboxTicket | null = null;
    try {
      ticket = typeof sealed === 'string' ? this.sandbox.tickets.open(sealed) : null;
    } catch {
      ticket = null;
    }
    if (!ticket) this.html(reply, 404, (n) => renderSandboxProblem(n, 'This sandbox payment page is not valid any more. Go back to the merchant and press Pay again.'));
    return ticket;
  }

  private html(reply: FastifyReply, status: number, render: (nonce: string) => string): void {
    const n = nonce();
    reply.code(status).headers(sandboxHeaders(n)).send(render(n));
  }
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}
