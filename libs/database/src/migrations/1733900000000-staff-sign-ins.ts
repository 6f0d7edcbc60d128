import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * One meaning for "session" (issue 13, item 5): a payment session. A staff member's signed-in
 * console visit is a sign-in, so `staff_sessions` becomes `staff_sign_ins` (its index follows).
 * `ALTER TABLE … RENAME TO` is the same on MariaDB and SQLite; rows, and so signed-in staff, stay.
 */
export class StaffSignIns1733900000000 implements MigrationInterface {
  name = 'StaffSignIns1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await move(queryRunner, 'staff_sessions', 'staff_sign_ins');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await move(queryRunner, 'staff_sign_ins', 'staff_sessions');
  }
}

/** The index is made anew before the old one goes: on MariaDB the foreign key on staff_id needs one at every moment. */
async function move(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  await queryRunner.createIndex(to, new TableIndex({ name: `ix_${to}_staff`, columnNames: ['staff_id', 'expires_at'] }));
  await queryRunner.dropIndex(to, `ix_${from}_staff`);
}
