import { AppConfig } from '@paysession/config';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';

const LOCK = 'paysession_migrations';

/**
 * Applies pending migrations and returns their names. On MariaDB a named lock keeps two
 * instances starting at once from running the same migration twice.
 */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource(databaseOptions(config));
  await dataSource.initialize();
  const mysql = dataSource.options.type === 'mysql';
  const runner = dataSource.createQueryRunner();
  try {
    if (mysql) {
      const [row] = await runner.query('SELECT GET_LOCK(?, 120) AS got', [LOCK]);
      if (Number(row.got) !== 1) throw new Error('could not take the migration lock within 120 s');
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (mysql) await runner.query('SELECT RELEASE_LOCK(?)', [LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
