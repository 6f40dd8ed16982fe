// The one catalogue of activity kinds: each action the app logs, its group, its short label and the sentence a
// person reads (Thai and English), built from the entry's actor role, aspect, data set and fields. The page, the
// CSV export and the API all read it, so no page shows a raw code such as certification.lao.certify.
import type { Lang } from '../plugins/i18n.ts';
import { isRole, roleName } from '../policy/policy.ts';
import { formatDateBE } from '../util/thai-date.ts';

/** What a sentence is built from: the entry, plus the names the catalog gives its data set and fields. */
export type SentenceInput = {
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  sectionNo: number | null;
  detail: Record<string, unknown> | null;
  /** The data set's name in both languages when the entry concerns one the catalog knows. */
  dataset?: { th: string; en: string } | null;
  /** The changed fields' labels (from the catalog), in the order logged. */
  fields?: { th: string; en: string }[];
};

type Bi = [string, string];
type Build = (c: Words) => Bi;
type Words = {
  who: Bi;
  aspect: Bi;
  year: Bi;
  dataset: Bi;
  target: string;
  reason: Bi;
  d: Record<string, unknown>;
  fields: Bi;
  /** The data set, its aspect and its year: "ชุดข้อมูล X ด้านที่ 1 ปีงบประมาณ 2569". */
  where: Bi;
};

export type KindGroup =
  | 'auth'
  | 'user'
  | 'record'
  | 'import'
  | 'certification'
  | 'activities'
  | 'contact'
  | 'lao'
  | 'system';

export const kindGroups: Record<KindGroup, Bi> = {
  auth: ['การเข้าสู่ระบบ', 'Signing in'],
  user: ['บัญชีผู้ใช้', 'Accounts'],
  record: ['การบันทึกข้อมูล', 'Recording data'],
  import: ['การนำเข้าแฟ้ม', 'File imports'],
  certification: ['การรับรองและส่งคืน', 'Certification and returns'],
  activities: ['กิจกรรมของ อปท. และไฟล์หลักฐาน', 'LAO activities and evidence files'],
  contact: ['e-mail กลาง', 'Central e-mail'],
  lao: ['กอง ผู้รับผิดชอบ และกำหนดส่ง', 'Divisions, assignments and deadlines'],
  system: ['ระบบและการประเมิน', 'System and assessment'],
};

type Kind = { group: KindGroup; label: Bi; sentence: Build };

const s = (th: string, en: string): Bi => [th, en];
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

const kinds: Record<string, Kind> = {
  'auth.login': {
    group: 'auth',
    label: s('เข้าสู่ระบบ', 'Signed in'),
    sentence: (w) => s(`${w.who[0]} เข้าสู่ระบบ`, `${w.who[1]} signed in`),
  },
  'auth.login_failed': {
    group: 'auth',
    label: s('เข้าสู่ระบบไม่สำเร็จ', 'Failed sign-in'),
    sentence: (w) => s(`เข้าสู่ระบบด้วยชื่อผู้ใช้ ${w.target} ไม่สำเร็จ`, `A sign-in as ${w.target} failed`),
  },
  'auth.account_locked': {
    group: 'auth',
    label: s('บัญชีถูกล็อกชั่วคราว (รหัสผ่านผิด 5 ครั้ง)', 'Account locked (5 wrong passwords)'),
    sentence: (w) =>
      s(
        `บัญชี ${w.target} ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิด 5 ครั้ง`,
        `Account ${w.target} was locked for a while after 5 wrong passwords`,
      ),
  },
  'auth.login_refused_locked': {
    group: 'auth',
    label: s('ปฏิเสธการเข้าสู่ระบบ บัญชีถูกล็อกอยู่', 'Sign-in refused: account locked'),
    sentence: (w) =>
      s(`ปฏิเสธการเข้าสู่ระบบของ ${w.target} เพราะบัญชีถูกล็อกอยู่`, `Sign-in as ${w.target} refused: account locked`),
  },
  'auth.logout': {
    group: 'auth',
    label: s('ออกจากระบบ', 'Signed out'),
    sentence: (w) => s(`${w.who[0]} ออกจากระบบ`, `${w.who[1]} signed out`),
  },
  'auth.mfa_failed': {
    group: 'auth',
    label: s('รหัสยืนยันตัวตนสองขั้นตอนไม่ถูกต้อง', 'Wrong two-factor code'),
    sentence: (w) =>
      s(`${w.who[0]} ใส่รหัสยืนยันตัวตนสองขั้นตอนไม่ถูกต้อง`, `${w.who[1]} gave a wrong two-factor code`),
  },
  'user.created': {
    group: 'user',
    label: s('สร้างบัญชีผู้ใช้', 'Account created'),
    sentence: (w) => s(`${w.who[0]} สร้างบัญชีผู้ใช้ ${w.target}`, `${w.who[1]} created the account ${w.target}`),
  },
  'user.disabled': {
    group: 'user',
    label: s('ระงับบัญชีผู้ใช้', 'Account disabled'),
    sentence: (w) => s(`${w.who[0]} ระงับบัญชีผู้ใช้ ${w.target}`, `${w.who[1]} disabled the account ${w.target}`),
  },
  'user.enabled': {
    group: 'user',
    label: s('เปิดใช้บัญชีผู้ใช้อีกครั้ง', 'Account enabled'),
    sentence: (w) =>
      s(`${w.who[0]} เปิดใช้บัญชีผู้ใช้ ${w.target} อีกครั้ง`, `${w.who[1]} enabled the account ${w.target} again`),
  },
  'user.role_changed': {
    group: 'user',
    label: s('เปลี่ยนบทบาทหรือขอบเขต', 'Role or scope changed'),
    sentence: (w) =>
      s(
        `${w.who[0]} เปลี่ยนบทบาทหรือขอบเขตของบัญชี ${w.target}`,
        `${w.who[1]} changed the role or scope of ${w.target}`,
      ),
  },
  'user.email_changed': {
    group: 'user',
    label: s('เปลี่ยน e-mail ของบัญชี', 'Account e-mail changed'),
    sentence: (w) =>
      s(`${w.who[0]} เปลี่ยน e-mail ของบัญชี ${w.target}`, `${w.who[1]} changed the e-mail of ${w.target}`),
  },
  'user.reminders_off': {
    group: 'user',
    label: s('ปิดอีเมลแจ้งเตือน', 'Reminder mails turned off'),
    sentence: (w) => s(`${w.who[0]} ปิดอีเมลแจ้งเตือนของตน`, `${w.who[1]} turned their reminder mails off`),
  },
  'user.reminders_on': {
    group: 'user',
    label: s('เปิดอีเมลแจ้งเตือน', 'Reminder mails turned on'),
    sentence: (w) => s(`${w.who[0]} เปิดอีเมลแจ้งเตือนของตน`, `${w.who[1]} turned their reminder mails on`),
  },
  'mail.resend': {
    group: 'system',
    label: s('ส่งอีเมลที่ส่งไม่สำเร็จอีกครั้ง', 'Undelivered mail sent again'),
    sentence: (w) =>
      s(
        `${w.who[0]} สั่งส่งอีเมลถึง ${w.target} ที่ส่งไม่สำเร็จอีกครั้ง`,
        `${w.who[1]} queued the undelivered mail to ${w.target} again`,
      ),
  },
  'user.password_changed': {
    group: 'user',
    label: s('เปลี่ยนรหัสผ่าน', 'Password changed'),
    sentence: (w) => s(`${w.who[0]} เปลี่ยนรหัสผ่าน`, `${w.who[1]} changed their password`),
  },
  'user.password_reset': {
    group: 'user',
    label: s('ตั้งรหัสผ่านใหม่ด้วยลิงก์ทาง e-mail', 'Password reset by e-mailed link'),
    sentence: (w) =>
      s(`${w.who[0]} ตั้งรหัสผ่านใหม่ด้วยลิงก์ทาง e-mail`, `${w.who[1]} set a new password with an e-mailed link`),
  },
  'user.password_reset_requested': {
    group: 'user',
    label: s('ขอลิงก์ตั้งรหัสผ่านใหม่', 'Password reset requested'),
    sentence: (w) =>
      s(`มีการขอลิงก์ตั้งรหัสผ่านใหม่ของบัญชี ${w.target}`, `A password reset link was asked for ${w.target}`),
  },
  'user.password_reset_throttled': {
    group: 'user',
    label: s('ขอลิงก์ตั้งรหัสผ่านใหม่บ่อยเกินไป', 'Password resets asked too often'),
    sentence: (w) =>
      s(
        `ไม่ส่งลิงก์ตั้งรหัสผ่านใหม่ของบัญชี ${w.target} เพราะขอบ่อยเกินกำหนด`,
        `No reset link sent for ${w.target}: asked too often`,
      ),
  },
  'user.mfa_enrolment_started': {
    group: 'user',
    label: s('เริ่มตั้งค่าการยืนยันตัวตนสองขั้นตอน', 'Two-factor set-up started'),
    sentence: (w) =>
      s(`${w.who[0]} เริ่มตั้งค่าการยืนยันตัวตนสองขั้นตอน`, `${w.who[1]} started setting up two-factor authentication`),
  },
  'user.mfa_enabled': {
    group: 'user',
    label: s('เปิดใช้การยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication turned on'),
    sentence: (w) =>
      s(`${w.who[0]} เปิดใช้การยืนยันตัวตนสองขั้นตอน`, `${w.who[1]} turned on two-factor authentication`),
  },
  'user.mfa_disabled': {
    group: 'user',
    label: s('ปิดการยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication turned off'),
    sentence: (w) =>
      s(`${w.who[0]} ปิดการยืนยันตัวตนสองขั้นตอน`, `${w.who[1]} turned off two-factor authentication`),
  },
  'user.api_token_created': {
    group: 'user',
    label: s('สร้างโทเคน API', 'API token created'),
    sentence: (w) =>
      s(`${w.who[0]} สร้างโทเคน API ชื่อ ${w.target}`, `${w.who[1]} created the API token ${w.target}`),
  },
  'user.api_token_revoked': {
    group: 'user',
    label: s('ยกเลิกโทเคน API', 'API token revoked'),
    sentence: (w) => s(`${w.who[0]} ยกเลิกโทเคน API`, `${w.who[1]} revoked an API token`),
  },
  'policy.mfa_changed': {
    group: 'system',
    label: s('เปลี่ยนนโยบายการยืนยันตัวตนสองขั้นตอน', 'Two-factor policy changed'),
    sentence: (w) =>
      w.d.required
        ? s(
            `${w.who[0]} กำหนดให้บทบาท ${w.target} ต้องใช้การยืนยันตัวตนสองขั้นตอน`,
            `${w.who[1]} made two-factor authentication required for ${w.target}`,
          )
        : s(
            `${w.who[0]} ยกเลิกการบังคับการยืนยันตัวตนสองขั้นตอนของบทบาท ${w.target}`,
            `${w.who[1]} made two-factor authentication optional for ${w.target}`,
          ),
  },
  'contact.registered': {
    group: 'contact',
    label: s('ลงทะเบียนผู้รับผิดชอบ e-mail กลาง', 'Central e-mail registered'),
    sentence: (w) =>
      s(
        `${w.who[0]} ลงทะเบียนผู้รับผิดชอบและ e-mail กลาง ${w.target}`,
        `${w.who[1]} registered the central e-mail ${w.target}`,
      ),
  },
  'contact.updated': {
    group: 'contact',
    label: s('แก้ไขการลงทะเบียน e-mail กลาง', 'Central e-mail registration changed'),
    sentence: (w) =>
      s(
        `${w.who[0]} แก้ไขการลงทะเบียน e-mail กลาง ${w.target}`,
        `${w.who[1]} changed the central e-mail registration ${w.target}`,
      ),
  },
  'contact.verification_sent': {
    group: 'contact',
    label: s('ส่งลิงก์ยืนยัน e-mail กลาง', 'Central e-mail verification link sent'),
    sentence: (w) =>
      s(
        `ส่งลิงก์ยืนยันไปที่ e-mail กลาง ${w.target}`,
        `A verification link was sent to the central e-mail ${w.target}`,
      ),
  },
  'contact.verified': {
    group: 'contact',
    label: s('ยืนยัน e-mail กลางแล้ว', 'Central e-mail verified'),
    sentence: (w) => s(`ยืนยัน e-mail กลาง ${w.target} แล้ว`, `The central e-mail ${w.target} was verified`),
  },
  'record.saved': {
    group: 'record',
    label: s('บันทึกข้อมูล', 'Data saved'),
    sentence: (w) => savedSentence(w, s('บันทึก', 'saved'), s('', '')),
  },
  'record.changed_after_certification': {
    group: 'record',
    label: s('แก้ไขข้อมูลหลังการรับรอง', 'Data changed after certification'),
    sentence: (w) => savedSentence(w, s('แก้ไข', 'changed'), s(' หลังการรับรอง', ' after its certification')),
  },
  'record.row_restored': {
    group: 'record',
    label: s('กู้คืนแถวข้อมูล', 'Row restored'),
    sentence: (w) => s(`${w.who[0]} กู้คืนแถวใน${w.where[0]}`, `${w.who[1]} restored a row of ${w.where[1]}`),
  },
  'quality.explained': {
    group: 'record',
    label: s('อธิบายค่าที่ถูกทักท้วง', 'Flagged value explained'),
    sentence: (w) =>
      s(
        `${w.who[0]} อธิบายค่าที่ระบบทักท้วง${w.fields[0] ? ` (${w.fields[0]})` : ''}ใน${w.where[0]}`,
        `${w.who[1]} explained a flagged value${w.fields[1] ? ` (${w.fields[1]})` : ''} of ${w.where[1]}`,
      ),
  },
  'import.previewed': {
    group: 'import',
    label: s('อัปโหลดแฟ้มเพื่อตรวจก่อนนำเข้า', 'File uploaded for preview'),
    sentence: (w) =>
      s(
        `${w.who[0]} อัปโหลดแฟ้ม ${str(w.d.fileName)} เพื่อตรวจก่อนนำเข้า${w.where[0]}`,
        `${w.who[1]} uploaded ${str(w.d.fileName)} to preview an import into ${w.where[1]}`,
      ),
  },
  'import.applied': {
    group: 'import',
    label: s('นำเข้าข้อมูลจากแฟ้ม', 'Import applied'),
    sentence: (w) =>
      s(`${w.who[0]} นำเข้าข้อมูลจากแฟ้มเข้า${w.where[0]}`, `${w.who[1]} applied a file import to ${w.where[1]}`),
  },
  'certification.lao.certify': {
    group: 'certification',
    label: s('อปท. รับรองข้อมูล', 'LAO certification'),
    sentence: (w) =>
      s(`${w.who[0]} รับรองข้อมูล${w.aspect[0]}${w.year[0]}`, `${w.who[1]} certified${w.aspect[1]}${w.year[1]}`),
  },
  'certification.lao.withdraw': {
    group: 'certification',
    label: s('อปท. ถอนการรับรอง', 'LAO certification withdrawn'),
    sentence: (w) =>
      s(
        `${w.who[0]} ถอนการรับรองข้อมูล${w.aspect[0]}${w.year[0]}${w.reason[0]}`,
        `${w.who[1]} withdrew the certification of${w.aspect[1]}${w.year[1]}${w.reason[1]}`,
      ),
  },
  'certification.province.certify': {
    group: 'certification',
    label: s('จังหวัดรับรองข้อมูล', 'Province certification'),
    sentence: (w) =>
      s(
        `${w.who[0]} รับรองข้อมูล${w.aspect[0]}${w.year[0]} ระดับจังหวัด`,
        `${w.who[1]} certified${w.aspect[1]}${w.year[1]} for the province`,
      ),
  },
  'certification.province.return': {
    group: 'certification',
    label: s('จังหวัดส่งคืนข้อมูลให้แก้ไข', 'Returned by the province'),
    sentence: (w) =>
      s(
        `${w.who[0]} ส่งคืนข้อมูล${w.aspect[0]}${w.year[0]} ให้ อปท. แก้ไข${w.reason[0]}`,
        `${w.who[1]} returned${w.aspect[1]}${w.year[1]} to the LAO for correction${w.reason[1]}`,
      ),
  },
  'activity.created': {
    group: 'activities',
    label: s('บันทึกกิจกรรมของ อปท.', 'LAO activity recorded'),
    sentence: (w) =>
      s(
        `${w.who[0]} บันทึกกิจกรรม "${str(w.d.title)}"`,
        `${w.who[1]} recorded the activity "${str(w.d.title)}"`,
      ),
  },
  'activity.updated': {
    group: 'activities',
    label: s('แก้ไขกิจกรรมของ อปท.', 'LAO activity changed'),
    sentence: (w) =>
      s(`${w.who[0]} แก้ไขกิจกรรม "${str(w.d.title)}"`, `${w.who[1]} changed the activity "${str(w.d.title)}"`),
  },
  'activity.deleted': {
    group: 'activities',
    label: s('ลบกิจกรรมของ อปท.', 'LAO activity deleted'),
    sentence: (w) =>
      s(`${w.who[0]} ลบกิจกรรม "${str(w.d.title)}"`, `${w.who[1]} deleted the activity "${str(w.d.title)}"`),
  },
  'evidence.attached': {
    group: 'activities',
    label: s('แนบไฟล์หลักฐาน', 'Evidence attached'),
    sentence: (w) => {
      const n = Array.isArray(w.d.files) ? w.d.files.length : 1;
      return s(`${w.who[0]} แนบไฟล์หลักฐาน ${n} ไฟล์`, `${w.who[1]} attached ${n} evidence file(s)`);
    },
  },
  'evidence.removed': {
    group: 'activities',
    label: s('ลบไฟล์หลักฐาน', 'Evidence removed'),
    sentence: (w) => {
      const f = (w.d.file ?? {}) as Record<string, unknown>;
      return s(
        `${w.who[0]} ลบไฟล์หลักฐาน ${str(f.name)}`,
        `${w.who[1]} removed the evidence file ${str(f.name)}`,
      );
    },
  },
  'division.added': {
    group: 'lao',
    label: s('เพิ่มกอง', 'Division added'),
    sentence: (w) =>
      s(
        `${w.who[0]} เพิ่มกอง ${str(w.d.nameTh)}`,
        `${w.who[1]} added the division ${str(w.d.nameEn || w.d.nameTh)}`,
      ),
  },
  'division.renamed': {
    group: 'lao',
    label: s('แก้ไขชื่อกองหรือหัวหน้ากอง', 'Division renamed or its head recorded'),
    sentence: (w) => {
      const o = (w.d.old ?? {}) as Record<string, unknown>;
      const n = (w.d.new ?? {}) as Record<string, unknown>;
      const head = (x: Record<string, unknown>) =>
        [str(x.headNameTh), str(x.headPositionTh)].filter(Boolean).join(' ') || '–';
      const parts: Bi[] = [];
      if (str(o.nameTh) !== str(n.nameTh))
        parts.push(
          s(
            `เปลี่ยนชื่อกอง ${str(o.nameTh)} เป็น ${str(n.nameTh)}`,
            `renamed the division ${str(o.nameTh)} to ${str(n.nameTh)}`,
          ),
        );
      if (head(o) !== head(n))
        parts.push(
          s(
            `บันทึกหัวหน้ากอง ${str(n.nameTh)} เป็น ${head(n)} (เดิม ${head(o)})`,
            `recorded the head of ${str(n.nameTh)} as ${head(n)} (was ${head(o)})`,
          ),
        );
      if (!parts.length) parts.push(s(`แก้ไขกอง ${str(n.nameTh)}`, `saved the division ${str(n.nameTh)}`));
      return s(
        `${w.who[0]} ${parts.map((x) => x[0]).join(' และ')}`,
        `${w.who[1]} ${parts.map((x) => x[1]).join(' and ')}`,
      );
    },
  },
  'division.removed': {
    group: 'lao',
    label: s('ลบกอง', 'Division removed'),
    sentence: (w) =>
      s(`${w.who[0]} ลบกอง ${str(w.d.nameTh)}`, `${w.who[1]} removed the division ${str(w.d.nameTh)}`),
  },
  'staff.divisions_set': {
    group: 'lao',
    label: s('กำหนดกองของเจ้าหน้าที่', 'Staff divisions set'),
    sentence: (w) => s(`${w.who[0]} กำหนดกองของ ${w.target}`, `${w.who[1]} set the divisions of ${w.target}`),
  },
  'assignment.saved': {
    group: 'lao',
    label: s('มอบหมายผู้รับผิดชอบและกำหนดส่ง', 'Assignments saved'),
    sentence: (w) =>
      s(
        `${w.who[0]} มอบหมายกองผู้รับผิดชอบและกำหนดส่ง ปีงบประมาณ ${w.target}`,
        `${w.who[1]} saved the assignments of fiscal year ${w.target}`,
      ),
  },
  'assignment.seed_applied': {
    group: 'lao',
    label: s('ใช้การมอบหมายตามหนังสือแจ้ง', 'Memo assignments applied'),
    sentence: (w) =>
      s(
        `${w.who[0]} ใช้การมอบหมายตามหนังสือแจ้ง ปีงบประมาณ ${w.target}`,
        `${w.who[1]} applied the memo's assignments for fiscal year ${w.target}`,
      ),
  },
  'deadline.set': {
    group: 'lao',
    label: s('กำหนดวันส่งข้อมูลระดับประเทศ', 'National deadline set'),
    sentence: (w) =>
      s(
        `${w.who[0]} กำหนดวันส่งข้อมูล ปีงบประมาณ ${w.target} เป็น ${isoDay(w.d.new)}`,
        `${w.who[1]} set the deadline of fiscal year ${w.target} to ${isoDay(w.d.new)}`,
      ),
  },
  'deadline.extended': {
    group: 'lao',
    label: s('ขยายกำหนดส่งข้อมูล', 'Deadline extended'),
    sentence: (w) =>
      s(
        `${w.who[0]} ขยายกำหนดส่งข้อมูล ปีงบประมาณ ${w.target} ถึง ${isoDay(w.d.new)}${w.reason[0]}`,
        `${w.who[1]} extended the deadline of fiscal year ${w.target} to ${isoDay(w.d.new)}${w.reason[1]}`,
      ),
  },
  'deadline.extension_revoked': {
    group: 'lao',
    label: s('ยกเลิกการขยายกำหนดส่ง', 'Deadline extension revoked'),
    sentence: (w) =>
      s(
        `${w.who[0]} ยกเลิกการขยายกำหนดส่งข้อมูล ปีงบประมาณ ${w.target}`,
        `${w.who[1]} revoked the deadline extension of fiscal year ${w.target}`,
      ),
  },
  'score.rubric_imported': {
    group: 'system',
    label: s('นำเข้าเกณฑ์การให้คะแนน', 'Scoring rubric imported'),
    sentence: (w) => s(`${w.who[0]} นำเข้าเกณฑ์การให้คะแนน`, `${w.who[1]} imported a scoring rubric`),
  },
  'score.assessment_recorded': {
    group: 'system',
    label: s('บันทึกผลการประเมิน', 'Assessment recorded'),
    sentence: (w) =>
      s(
        `${w.who[0]} บันทึกผลการประเมินตัวชี้วัด ปีงบประมาณ ${str(w.d.year)}`,
        `${w.who[1]} recorded an assessment of fiscal year ${str(w.d.year)}`,
      ),
  },
  'seed.nationwide': {
    group: 'system',
    label: s('สร้างข้อมูลตัวอย่างทั้งประเทศ', 'Nationwide sample data'),
    sentence: (w) => s(`${w.who[0]} สร้างข้อมูลตัวอย่างทั้งประเทศ`, `${w.who[1]} made nationwide sample data`),
  },
  'audit.purged': {
    group: 'system',
    label: s('ลบประวัติการดำเนินการที่เกินระยะเวลาเก็บ', 'Old activity purged'),
    sentence: (w) =>
      s(
        `ระบบลบประวัติการดำเนินการที่เกินระยะเวลาเก็บ ${str(w.d.deleted)} รายการ`,
        `The system purged ${str(w.d.deleted)} activity entries past their retention`,
      ),
  },
};

function isoDay(v: unknown) {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? formatDateBE(`${v}T00:00:00+07:00`)
    : str(v);
}

function savedSentence(w: Words, verb: Bi, tail: Bi): Bi {
  const added = Number(w.d.added ?? 0);
  const removed = Number(w.d.removed ?? 0);
  const parts: Bi[] = [];
  if (w.fields[0]) parts.push(s(`แก้ไข ${w.fields[0]}`, `changed ${w.fields[1]}`));
  if (added) parts.push(s(`เพิ่ม ${added} แถว`, `${added} rows added`));
  if (removed) parts.push(s(`ลบ ${removed} แถว`, `${removed} rows removed`));
  if (w.d.kind === 'none') parts.push(s('ระบุว่าไม่มีข้อมูลนี้ในพื้นที่', 'marked as none in the area'));
  const more = parts.length
    ? s(`: ${parts.map((p) => p[0]).join(' · ')}`, `: ${parts.map((p) => p[1]).join(' · ')}`)
    : s('', '');
  return s(
    `${w.who[0]} ${verb[0]}${w.where[0]}${tail[0]}${more[0]}`,
    `${w.who[1]} ${verb[1]} ${w.where[1]}${tail[1]}${more[1]}`,
  );
}

const OTHER: Bi = ['กิจกรรมอื่นของระบบ', 'Other activity'];

/** Every action the catalogue knows, in catalogue order. */
export const knownActions = Object.keys(kinds);

/** Whether the catalogue knows an action. */
export const isKnownAction = (action: string) => Object.hasOwn(kinds, action);

/** The group of an action ('system' for one the catalogue does not know). */
export const groupOf = (action: string): KindGroup => kinds[action]?.group ?? 'system';

/** The short Thai (or English) label of an action; an action the catalogue does not know reads "other activity". */
export function actionLabel(action: string, lang: Lang): string {
  const l = kinds[action]?.label ?? OTHER;
  return l[lang === 'en' ? 1 : 0];
}

/** The group of a kind filter value as a person reads it. */
export const groupLabel = (g: KindGroup, lang: Lang) => kindGroups[g][lang === 'en' ? 1 : 0];

/** The kind filter's choices: each group (all its kinds), then each kind under it. */
export function kindOptions(lang: Lang) {
  const out: { value: string; label: string }[] = [];
  for (const g of Object.keys(kindGroups) as KindGroup[]) {
    out.push({ value: `${g}.`, label: `${groupLabel(g, lang)} (${lang === 'en' ? 'all' : 'ทั้งหมด'})` });
    for (const a of knownActions.filter((k) => kinds[k]!.group === g))
      out.push({ value: a, label: `— ${actionLabel(a, lang)}` });
  }
  return out;
}

/** The actions of a group (for a filter by group: 'auth.' means every sign-in kind). */
export const actionsOfGroup = (g: KindGroup) => knownActions.filter((k) => kinds[k]!.group === g);

/** The sentence a person reads for an entry, e.g. "ผู้รับรองข้อมูล อปท. รับรองข้อมูลด้านที่ 4 ปีงบประมาณ 2569". */
export function sentence(e: SentenceInput, lang: Lang): string {
  const i = lang === 'en' ? 1 : 0;
  const role = e.actorRole && isRole(e.actorRole) ? e.actorRole : null;
  const who: Bi = role
    ? [roleName(role, 'th'), roleName(role, 'en')]
    : e.actorUsername && !['system', 'cli'].includes(e.actorUsername)
      ? [e.actorUsername, e.actorUsername]
      : ['ระบบ', 'The system'];
  const d = e.detail ?? {};
  const year = /^(\d{4})\//.exec(e.target ?? '')?.[1];
  const reason = typeof d.reason === 'string' && d.reason ? d.reason : null;
  const fields = e.fields ?? [];
  const w: Words = {
    who,
    aspect: e.sectionNo
      ? e.sectionNo === 9
        ? ['รายงานเกี่ยวกับหนี้', ' the debt report']
        : [`ด้านที่ ${e.sectionNo}`, ` aspect ${e.sectionNo}`]
      : ['', ''],
    year: year ? [` ปีงบประมาณ ${year}`, ` of fiscal year ${year}`] : ['', ''],
    dataset: e.dataset
      ? [`ชุดข้อมูล ${e.dataset.th}`, `the data set ${e.dataset.en}`]
      : ['ชุดข้อมูล', 'a data set'],
    target: e.target ?? '',
    reason: reason ? [` เหตุผล: ${reason}`, ` (reason: ${reason})`] : ['', ''],
    d,
    fields: fields.length
      ? [fields.map((f) => f.th).join(', '), fields.map((f) => f.en).join(', ')]
      : ['', ''],
    where: ['', ''],
  };
  w.where = [
    `${w.dataset[0]}${w.aspect[0] ? ` ${w.aspect[0]}` : ''}${w.year[0]}`,
    `${w.dataset[1]}${w.aspect[1] ? ` (${w.aspect[1].trim()})` : ''}${w.year[1]}`,
  ];
  const k = kinds[e.action];
  if (!k) return `${who[i]}: ${OTHER[i]}`;
  return k.sentence(w)[i];
}
