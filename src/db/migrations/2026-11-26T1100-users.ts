import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(2)')
    .addColumn('district_code', 'varchar(4)')
    .addColumn('lao_code', 'varchar(7)')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_user_lao_idx').on('app_user').column('lao_code').execute();
  await db.schema.createIndex('app_user_province_idx').on('app_user').column('province_code').execute();

  await db.schema
    .createTable('division')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('name_th', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('division_lao_idx')
    .on('division')
    .columns(['lao_code', 'name_th'])
    .unique()
    .execute();
  await db.schema
    .createTable('user_division')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('division_id', 'varchar(36)', (c) => c.notNull().references('division.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_division_pk', ['user_id', 'division_id'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('mfa_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempt_ip_idx').on('login_attempt').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('password_reset')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('mfa_policy')
    .addColumn('role', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Append-only: no code path updates or deletes a row.
  await db.schema
    .createTable('activity_log')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('actor_username', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('lao_code', 'varchar(7)')
    .addColumn('province_code', 'varchar(2)')
    .addColumn('target', 'text')
    .addColumn('detail_json', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('activity_log_at_idx').on('activity_log').column('at').execute();
  await db.schema
    .createIndex('activity_log_lao_idx')
    .on('activity_log')
    .columns(['lao_code', 'at'])
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(48)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('mail_outbox_created_idx').on('mail_outbox').column('created_at').execute();

  await db.schema
    .createTable('lao_contact')
    .addColumn('lao_code', 'varchar(7)', (c) => c.primaryKey())
    .addColumn('responsible_name', 'text', (c) => c.notNull())
    .addColumn('responsible_position', 'text', (c) => c.notNull())
    .addColumn('responsible_division', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_verified_at', 'text')
    .addColumn('verify_token_hash', 'varchar(64)')
    .addColumn('verify_expires_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('lao_contact_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_username', 'text', (c) => c.notNull())
    .addColumn('change', 'varchar(32)', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lao_contact_history_idx')
    .on('lao_contact_history')
    .columns(['lao_code', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'lao_contact_history',
    'lao_contact',
    'mail_outbox',
    'activity_log',
    'mfa_policy',
    'password_reset',
    'login_attempt',
    'api_token',
    'session',
    'user_division',
    'division',
    'app_user',
  ])
    await db.schema.dropTable(t).execute();
}
