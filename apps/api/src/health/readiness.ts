import { Injectable } from '@nestjs/common';

/**
 * Whether this instance takes traffic. False from the first moment of a shutdown, so that a
 * load balancer watching GET /health (503) stops sending requests while those in flight finish.
 */
@Injectable()
export class Readiness {
  private shuttingDown = false;

  get ready(): boolean {
    return !this.shuttingDown;
  }

  /** Reports not-ready from now on (there is no way back: the process is on its way out). */
  shutDown(): void {
    this.shuttingDown = true;
  }
}
