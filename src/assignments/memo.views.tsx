import { translator } from '../plugins/i18n.ts';
import { formatDateLong } from '../util/thai-date.ts';
import { DataTable, DateInput, ErrorSummary, TextInput, type ViewFieldError } from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { Assignments } from './assignments.service.ts';
import { sectionTitle } from './section-names.ts';

type MemoRow = {
  key: string;
  no: string;
  section: string;
  division: string;
  /** The division's head (name, position) and the staff member the assignment names, if any. */
  headName: string;
  headPosition: string;
  recorder: string;
  /** The LAO's own due date in the official long form ('' when the LAO set none). */
  due: string;
};

type Assigned = {
  divisionNameTh: string | null;
  divisionHeadTh: string | null;
  divisionHeadPositionTh: string | null;
  responsibleName: string | null;
  dueDate: string | null;
};

const memoRow = (key: string, no: string, section: string, a: Assigned): MemoRow => ({
  key,
  no,
  section,
  division: a.divisionNameTh ?? '',
  headName: a.divisionHeadTh ?? '',
  headPosition: a.divisionHeadPositionTh ?? '',
  recorder: a.responsibleName ?? '',
  due: a.dueDate ? formatDateLong(a.dueDate) : '',
});

/** The memo's table: each section, then each data set assigned apart from its section. */
function memoRows(data: Assignments): MemoRow[] {
  return data.sections.flatMap((s, i) => [
    memoRow(`s${s.no}`, String(i + 1), sectionTitle(s), s),
    ...s.datasets.filter((d) => d.override).map((d) => memoRow(d.id, '', `– ชุดข้อมูล ${d.nameTh}`, d)),
  ]);
}

/** Who is responsible, as an official memo writes it: the head's name, their position, and who records. */
function Responsible({ r }: { r: MemoRow }) {
  return (
    <>
      {r.headName ? <span class="app-memo__person">{r.headName}</span> : null}
      {r.headPosition ? <span class="app-memo__person">{r.headPosition}</span> : null}
      {r.recorder ? <span class="app-memo__person">ผู้บันทึกข้อมูล {r.recorder}</span> : null}
    </>
  );
}

/**
 * The internal memo (บันทึกข้อความ) that notifies each division of what it records and by when, laid out
 * like the official Thai memo and printable on A4. The memo itself is always in Thai: it is an official
 * document; the form above it (number and date, not stored) follows the page language.
 */
export function MemoPage(p: {
  ctx: PageCtx;
  data: Assignments;
  memoNo: string;
  memoDate: string;
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const { data } = p;
  const rows = memoRows(data);
  // The memo's deadline is the LAO's own; the national one is stated apart, never put in its place.
  const dues = [...new Set(rows.filter((r) => r.no).map((r) => r.due))];
  const byWhen =
    dues.length === 1 && dues[0]
      ? `ภายในวันที่ ${dues[0]}`
      : dues.some(Boolean)
        ? 'ภายในกำหนดแล้วเสร็จตามตารางต่อไปนี้'
        : 'ภายในกำหนดที่จะแจ้งต่อไป';
  const national = data.nationalDeadline ? formatDateLong(data.nationalDeadline) : null;
  const subject = `การบันทึกข้อมูลในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น (INFO) ประจำปีงบประมาณ ${data.year}`;
  return (
    <Layout
      ctx={p.ctx}
      title={`${t('บันทึกข้อความ', 'Memo')} ${data.lao.nameTh} ${data.year}`}
      hasErrors={p.errors.length > 0}
      wide
      breadcrumbs={[
        {
          href: `/laos/${data.laoCode}/years/${data.year}/assignments`,
          label: t('มอบหมายงาน', 'Assignments'),
        },
      ]}
    >
      <div class="app-noprint">
        <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
        <h1 class="govuk-heading-l">{t('บันทึกข้อความมอบหมายงาน', 'The assignment memo')}</h1>
        <form
          method="get"
          action={`/laos/${data.laoCode}/years/${data.year}/assignments/memo`}
          class="app-search-row"
        >
          <TextInput
            name="no"
            label={t('ที่ (เลขที่หนังสือ)', 'Number')}
            width="20"
            value={p.values.no}
            error={errorFor(p.errors, 'no')}
          />
          <DateInput
            name="date"
            label={t('วันที่', 'Date')}
            value={p.values.date}
            error={errorFor(p.errors, 'date')}
            lang={p.ctx.lang}
          />
          <div class="govuk-form-group">
            <button type="submit" class="govuk-button govuk-button--secondary">
              {t('แสดงในบันทึก', 'Show in the memo')}
            </button>
          </div>
        </form>
        <p class="govuk-body">
          {t('สั่งพิมพ์จากเบราว์เซอร์ (Ctrl+P) บนกระดาษ A4', 'Print it from the browser (Ctrl+P) on A4')}
        </p>
      </div>
      <article class="app-memo" lang="th" aria-label="บันทึกข้อความ">
        <h2 class="app-memo__title">บันทึกข้อความ</h2>
        <p class="app-memo__line">
          <strong>ส่วนราชการ</strong> สำนักปลัด {data.lao.nameTh} อำเภอ{data.lao.districtNameTh} จังหวัด
          {data.lao.provinceNameTh}
        </p>
        <p class="app-memo__line app-memo__split">
          <span>
            <strong>ที่</strong> {p.memoNo || '.............................'}
          </span>
          <span>
            <strong>วันที่</strong> {p.memoDate}
          </span>
        </p>
        <p class="app-memo__line app-memo__rule">
          <strong>เรื่อง</strong> {subject}
        </p>
        <p class="app-memo__line">
          <strong>เรียน</strong> ผู้อำนวยการกอง หัวหน้าสำนักปลัด และหัวหน้าหน่วยงานที่เกี่ยวข้อง
        </p>
        <p class="app-memo__para">
          ตามที่กรมส่งเสริมการปกครองท้องถิ่นกำหนดให้องค์กรปกครองส่วนท้องถิ่นบันทึกข้อมูลในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น
          (INFO) ให้น่าเชื่อถือ ถูกต้อง เป็นปัจจุบัน และครบถ้วน ซึ่งเป็นตัวชี้วัดหนึ่งของการประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น
          (LPA) นั้น
        </p>
        <p class="app-memo__para">
          เพื่อให้การบันทึกข้อมูลของ{data.lao.nameTh} ประจำปีงบประมาณ {data.year} เป็นไปด้วยความเรียบร้อย
          จึงขอมอบหมายให้หน่วยงานที่รับผิดชอบบันทึกข้อมูลแต่ละด้านให้ครบถ้วนและเป็นปัจจุบัน {byWhen} ดังนี้
        </p>
        <DataTable
          mode="scroll"
          class="app-memo__table"
          id="memo-table"
          caption="ตารางการมอบหมาย"
          rows={rows}
          rowKey={(r) => r.key}
          columns={[
            { label: 'ลำดับ', class: 'app-memo__num', cell: (r) => r.no },
            { label: 'ด้าน', rowHeader: true, cell: (r) => r.section },
            { label: 'หน่วยงานที่รับผิดชอบ', cell: (r) => r.division || '–' },
            { label: 'ผู้รับผิดชอบ', cell: (r) => <Responsible r={r} /> },
            { label: 'กำหนดแล้วเสร็จ', class: 'app-memo__num', cell: (r) => r.due || '–' },
          ]}
        />
        {national ? (
          <p class="app-memo__para" id="memo-national-deadline">
            ทั้งนี้ กรมส่งเสริมการปกครองท้องถิ่นกำหนดให้องค์กรปกครองส่วนท้องถิ่นทั่วประเทศบันทึกข้อมูลให้แล้วเสร็จภายในวันที่ {national}
          </p>
        ) : null}
        <p class="app-memo__para">จึงเรียนมาเพื่อโปรดทราบและดำเนินการ</p>
        <div class="app-memo__sign">
          <p>(.............................................)</p>
          <p>ปลัด{data.lao.nameTh}</p>
        </div>
      </article>
    </Layout>
  );
}
