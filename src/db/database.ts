import type { LaoActivityTable } from '../activities/activities.table.ts';
import type { AssignmentTable, YearDeadlineTable } from '../assignments/assignments.table.ts';
import type { ActivityLogTable } from '../audit/audit.table.ts';
import type { CatalogDatasetTable, CatalogSectionTable, CatalogYearTable } from '../catalog/catalog.table.ts';
import type {
  AspectStatusTable,
  CertificationEventTable,
  ScheduledRunTable,
} from '../certification/certification.table.ts';
import type { LaoContactHistoryTable, LaoContactTable } from '../contact/contact.table.ts';
import type { DeadlineExtensionTable } from '../dashboards/dashboards.table.ts';
import type { EvidenceFileTable } from '../files/files.table.ts';
import type { ImportPreviewTable } from '../imports/imports.table.ts';
import type { MailOutboxTable } from '../mail/mail.table.ts';
import type { NotificationTable } from '../notifications/notifications.table.ts';
import type { QualityExplanationTable } from '../quality/quality.table.ts';
import type { DatasetChangeTable, DatasetRecordTable, DatasetRowTable } from '../records/records.table.ts';
import type { DistrictTable, LaoTable, LaoVersionTable, ProvinceTable } from '../registry/registry.table.ts';
import type { ReminderSentTable } from '../reminders/reminders.table.ts';
import type { JobLeaseTable } from '../scheduler/scheduler.table.ts';
import type {
  ScoreAssessmentItemTable,
  ScoreAssessmentTable,
  ScoreRubricTable,
} from '../scoring/scoring.table.ts';
import type { ThrottleEventTable } from '../throttle/throttle.table.ts';
import type {
  ApiTokenTable,
  AppUserTable,
  DivisionTable,
  LoginAttemptTable,
  LoginThrottleTable,
  MfaPolicyTable,
  PasswordResetTable,
  SessionTable,
  UserDivisionTable,
} from '../users/users.table.ts';

/** The one typed view of every table; each domain owns its table file. */
export interface Database {
  province: ProvinceTable;
  district: DistrictTable;
  lao: LaoTable;
  lao_version: LaoVersionTable;
  catalog_year: CatalogYearTable;
  catalog_section: CatalogSectionTable;
  catalog_dataset: CatalogDatasetTable;
  app_user: AppUserTable;
  dataset_record: DatasetRecordTable;
  dataset_row: DatasetRowTable;
  dataset_change: DatasetChangeTable;
  aspect_status: AspectStatusTable;
  assignment: AssignmentTable;
  year_deadline: YearDeadlineTable;
  certification_event: CertificationEventTable;
  division: DivisionTable;
  user_division: UserDivisionTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  login_attempt: LoginAttemptTable;
  login_throttle: LoginThrottleTable;
  password_reset: PasswordResetTable;
  mfa_policy: MfaPolicyTable;
  activity_log: ActivityLogTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  lao_contact: LaoContactTable;
  lao_contact_history: LaoContactHistoryTable;
  import_preview: ImportPreviewTable;
  deadline_extension: DeadlineExtensionTable;
  scheduled_run: ScheduledRunTable;
  score_rubric: ScoreRubricTable;
  score_assessment: ScoreAssessmentTable;
  score_assessment_item: ScoreAssessmentItemTable;
  throttle_event: ThrottleEventTable;
  evidence_file: EvidenceFileTable;
  lao_activity: LaoActivityTable;
  job_lease: JobLeaseTable;
  reminder_sent: ReminderSentTable;
  quality_explanation: QualityExplanationTable;
}
