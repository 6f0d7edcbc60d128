import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

/** The table the shared counters live in on MariaDB (migration RateLimits1733500000000). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** The store's key column holds 255 characters; longer keys (an email and an address) are hashed. */
const MAX_KEY_LENGTH = 200;

export interface LimiterOptions {
  /** Names the counter family, so that families never share a key. */
  keyPrefix: string;
  /** Points one key may spend per window; 0 turns the limiter off. */
  points: number;
  durationSeconds: number;
  /** Keep the counts in this instance's memory even on MariaDB (default: shared there). */
  local?: boolean;
}

/**
 * A fixed-window counter per key. On MariaDB the counts live in the database (rate-limiter-
 * flexible's MySQL store, one atomic upsert per consume), so every instance spends from the same
 * allowance; on SQLite, which is one instance by design, they live in memory. Should the shared
 * store fail, an in-memory counter of the same limits stands in until it is back, so that a
 * database hiccup neither opens the door nor shuts it.
 */
export class CountingLimiter {
  constructor(
    private readonly limiter: RateLimiterAbstract | null,
    readonly points: number,
  ) {}

  /**
   * Spends `points` of `key`'s allowance, atomically: of N concurrent calls at most the
   * allowance succeed. Returns null when allowed, else the whole seconds until the window frees.
   */
  async consume(key: string, points = 1): Promise<number | null> {
    if (!this.limiter) return null;
    try {
      await this.limiter.consume(storeKey(key), points);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  /** Gives back `points` (a spent attempt that turned out fine). */
  async reward(key: string, points = 1): Promise<void> {
    await this.limiter?.reward(storeKey(key), points);
  }

  /** Forgets `key`'s count. */
  async delete(key: string): Promise<void> {
    await this.limiter?.delete(storeKey(key));
  }
}

function storeKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : createHash('sha256').update(key).digest('hex');
}

/** Makes the instance's rate limiters, on the shared store where there is one. */
@Injectable()
export class RateLimiters {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(options: LimiterOptions): CountingLimiter {
    if (options.points <= 0) return new CountingLimiter(null, 0);
    const common = { keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds };
    const memory = new RateLimiterMemory(common);
    if (options.local || this.dataSource.options.type !== 'mysql') return new CountingLimiter(memory, options.points);
    const driver = this.dataSource.driver as unknown as { pool: unknown; database?: string };
    const shared = new RateLimiterMySQL({
      ...common,
      storeClient: driver.pool,
      storeType: 'pool',
      dbName: driver.database ?? String(this.dataSource.options.database),
      tableName: RATE_LIMITS_TABLE,
      // The migration made it; the library would otherwise try CREATE DATABASE.
      tableCreated: true,
      clearExpiredByTimeout: false,
      insuranceLimiter: memory,
      // A spent key is refused from memory for the rest of its window: a flood past the limit
      // costs no database write per request.
      inMemoryBlockOnConsumed: options.points,
    });
    return new CountingLimiter(shared, options.points);
  }
}
