import type { Kysely } from 'kysely';

/**
 * Sign-in limits that cannot be walked around:
 * - the lock after five failures moves from the account to the sign-in name (`login_throttle`), so that a name
 *   without an account locks the same way and the answer reveals nothing; live locks are carried over;
 * - a TOTP code is accepted once (`app_user.totp_last_step`);
 * - a sign-in waiting for its code counts its wrong codes (`session.mfa_failures`);
 * - old sign-in attempts can be pruned by time (`login_attempt_at_idx`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_throttle_updated_idx')
    .on('login_throttle')
    .column('updated_at')
    .execute();
  await db
    .insertInto('login_throttle')
    .columns(['username', 'failures', 'locked_until', 'updated_at'])
    .expression(
      db
        .selectFrom('app_user')
        .select(['username', 'failed_attempts', 'locked_until', 'updated_at'])
        .where((eb) => eb.or([eb('failed_attempts', '>', 0), eb('locked_until', 'is not', null)])),
    )
    .execute();
  await db.schema.alterTable('app_user').dropColumn('failed_attempts').execute();
  await db.schema.alterTable('app_user').dropColumn('locked_until').execute();
  await db.schema.alterTable('app_user').addColumn('totp_last_step', 'integer').execute();

  await db.schema
    .alterTable('session')
    .addColumn('mfa_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createIndex('login_attempt_at_idx').on('login_attempt').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_attempt_at_idx').execute();
  await db.schema.alterTable('session').dropColumn('mfa_failures').execute();
  await db.schema.alterTable('app_user').dropColumn('totp_last_step').execute();
  await db.schema
    .alterTable('app_user')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('app_user').addColumn('locked_until', 'text').execute();
  await db.schema.dropTable('login_throttle').execute();
}
