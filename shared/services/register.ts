import { listDepartments } from '../adapters/catalogue-repository.ts';
import { VOID_REASON_LABELS, type VoidReason } from '../adapters/dossier-numbers.ts';
import { registerStore } from '../adapters/register-store.ts';
import { classify } from '../domain/calendar.ts';
import { csvCell } from '../domain/csv.ts';
import type { Dossier } from '../domain/dossier.ts';
import { DomainError, fieldError } from '../domain/errors.ts';
import type { ExemptionStatus } from '../domain/fees.ts';
import { STATUS_LABELS } from '../domain/lifecycle.ts';
import { message } from '../domain/messages.ts';
import { monthsBetween } from '../domain/statistics.ts';
import { formatVnDate, formatVnDateTime } from '../domain/time.ts';
import type { RegisterEntry, RegisterStore } from './ports.ts';

/**
 * The dossier register (sổ theo dõi hồ sơ, Circular 01/2018 form 06) for a period: every dossier
 * handed in, in order, with its receipt, appointment, result and timeliness. Staff only (it names
 * applicants). Read from the register items (`REG#<yyyy-MM>`, one Query per month) and the
 * dossiers' META items (BatchGet, 100 at a time). No Scan.
 */
export interface RegisterRow {
  no: number;
  code: string;
  dossierId: string;
  submittedAt: string;
  applicant: string;
  procedureCode: string;
  procedureName: string;
  departmentId: string;
  /** The department's full name (never its short id). */
  departmentName: string;
  channel: Dossier['channel'];
  status: string;
  statusLabel: string;
  /** When the complete dossier was received (accepted dossiers count from here). */
  receivedAt?: string;
  appointment?: string;
  /** When the result was ready (or the refusal given). */
  resultAt?: string;
  /** When the result was returned (the hand-back, or made available online): docs/result-delivery.md. */
  returnedAt?: string;
  /** Against the appointment: the result's time, or, still open past the appointment, LATE. */
  timeliness?: 'EARLY' | 'ON_TIME' | 'LATE';
  /** Fees paid online and refunded, in đồng (docs/payments.md); absent when none. */
  feesPaidVnd?: number;
  feesRefundedVnd?: number;
  /** Exemptions checked by the reception officer: claimed, confirmed (not collected) or refused. */
  feeExemptions?: {
    feeName: string;
    description: string;
    status: ExemptionStatus;
    amountVnd: number | null;
  }[];
  /**
   * A number taken and not used (the register has no unexplained gap): why, and the draft it
   * was taken for when known. `dossierId` is then that draft's id ('' when unknown), `applicant` ''.
   */
  voided?: { reason: VoidReason; label: string; labelEn: string };
}

/** The result's time as the dossier's META keeps it: ready, handed back (kept), or refused. */
function resultTime(d: Dossier): string | undefined {
  // The result time survives the workflow closing (wf is reset when the dossier is done).
  const ready = d.resultReturn?.readyAt ?? d.wf?.readyAt;
  if (ready) return ready;
  if (d.status === 'REFUSED' && d.notice?.kind === 'REFUSAL') return d.notice.at;
  return undefined;
}

/** Timeliness for every state: a result against its appointment; an open dossier past it is late. */
function timelinessOf(d: Dossier, now: Date): RegisterRow['timeliness'] {
  if (!d.appointment) return undefined;
  const at = resultTime(d);
  if (at) return classify(new Date(at), new Date(d.appointment.dueAt));
  const open = !['RETURNED', 'REFUSED', 'WITHDRAWN', 'LAPSED'].includes(d.status);
  return open && now.getTime() > Date.parse(d.appointment.dueAt) ? 'LATE' : undefined;
}

export const MAX_REGISTER_DAYS = 92;

export async function registerRows(
  q: { from: string; to: string; department?: string | undefined },
  now: Date = new Date(),
  store: RegisterStore = registerStore,
) {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (!(days >= 0 && days < MAX_REGISTER_DAYS)) {
    throw new DomainError('VALIDATION_FAILED', message('period.registerDays', { max: MAX_REGISTER_DAYS }), [
      fieldError('query.to', 'invalid_period', message('period.registerDays', { max: MAX_REGISTER_DAYS })),
    ]);
  }
  // The register is keyed by UTC ISO time; widen by the Vietnam offset and filter on VN dates.
  const lo = new Date(Date.parse(`${q.from}T00:00:00+07:00`)).toISOString();
  const hi = new Date(Date.parse(`${q.to}T23:59:59.999+07:00`)).toISOString();
  const regs: RegisterEntry[] = [];
  for (const month of monthsBetween(lo.slice(0, 7), hi.slice(0, 7))) {
    regs.push(...(await store.entries(month, { lo, hi })));
  }
  const wanted = regs.filter((r) => !q.department || r.departmentId === q.department);
  const departments = new Map((await listDepartments()).map((x) => [x.id, x.name]));
  const metas = await store.dossiers(wanted.filter((r) => !r.voided).map((r) => String(r.dossierId)));
  return wanted.map((r, i): RegisterRow => {
    if (r.voided) {
      const reason = r.voidReason as VoidReason;
      const label = VOID_REASON_LABELS[reason] ?? VOID_REASON_LABELS.SUBMISSION_FAILED;
      return {
        no: i + 1,
        code: String(r.number),
        dossierId: typeof r.draftId === 'string' ? r.draftId : '',
        submittedAt: String(r.submittedAt),
        applicant: '',
        procedureCode: typeof r.procedureCode === 'string' ? r.procedureCode : '',
        procedureName: '',
        departmentId: typeof r.departmentId === 'string' ? r.departmentId : '',
        departmentName:
          typeof r.departmentId === 'string' ? (departments.get(r.departmentId) ?? r.departmentId) : '',
        channel: (r.channel ?? 'ONLINE') as Dossier['channel'],
        status: 'VOIDED',
        statusLabel: `Số đã hủy: ${label.vi}`,
        voided: { reason, label: label.vi, labelEn: label.en },
      };
    }
    const d = metas.get(String(r.dossierId));
    const resultAt = d ? resultTime(d) : undefined;
    const returnedAt = d?.resultReturn?.returnedAt;
    const timeliness = d ? timelinessOf(d, now) : undefined;
    const a = d?.applicant;
    return {
      no: i + 1,
      code: String(r.code),
      dossierId: String(r.dossierId),
      submittedAt: String(r.submittedAt),
      applicant: a ? (a.type === 'INDIVIDUAL' ? a.fullName : a.organisationName) : '',
      procedureCode: String(r.procedureCode),
      procedureName: d?.procedureName ?? '',
      departmentId: String(r.departmentId),
      departmentName: departments.get(String(r.departmentId)) ?? String(r.departmentId),
      channel: r.channel as Dossier['channel'],
      status: d?.status ?? '',
      statusLabel: d ? STATUS_LABELS[d.status].vi : '',
      // Received: the complete dossier's time (a supplement at intake moves it), else its submission.
      ...(d?.appointment && (d.receivedAt ?? d.submittedAt)
        ? { receivedAt: d.receivedAt ?? d.submittedAt }
        : {}),
      ...(d?.appointment ? { appointment: d.appointment.dueDate } : {}),
      ...(resultAt ? { resultAt } : {}),
      ...(returnedAt ? { returnedAt } : {}),
      ...(timeliness ? { timeliness } : {}),
      ...(d?.feesPaidVnd ? { feesPaidVnd: d.feesPaidVnd } : {}),
      ...(d?.feesRefundedVnd ? { feesRefundedVnd: d.feesRefundedVnd } : {}),
      ...(d?.feeExemptions?.length
        ? {
            feeExemptions: d.feeExemptions.map((x) => ({
              feeName: x.feeName,
              description: x.description,
              status: x.status,
              amountVnd: x.amountVnd,
            })),
          }
        : {}),
    };
  });
}

const EXEMPTION_VI: Record<ExemptionStatus, string> = {
  CONFIRMED: 'được miễn',
  CLAIMED: 'đề nghị miễn, chờ xác nhận',
  REFUSED: 'không được miễn',
};

/** `Lệ phí …: được miễn 90000 đồng (Người khuyết tật)`: the amounts as the fee columns write them. */
const exemptionText = (x: NonNullable<RegisterRow['feeExemptions']>[number]) =>
  `${x.feeName}: ${EXEMPTION_VI[x.status]}${x.amountVnd !== null ? ` ${x.amountVnd} đồng` : ''} (${x.description})`;

const TIMELINESS_VI = { EARLY: 'Trước hạn', ON_TIME: 'Đúng hạn', LATE: 'Quá hạn' } as const;
const CHANNEL_VI = { ONLINE: 'Trực tuyến', COUNTER: 'Tại quầy', POST: 'Bưu chính' } as const;

/**
 * RFC 4180 CSV with a UTF-8 BOM (so spreadsheet programs read Vietnamese correctly); every cell
 * quoted and neutralised against formulas (shared/domain/csv.ts).
 */
export function registerCsv(rows: RegisterRow[]): string {
  const cell = csvCell;
  const header = [
    'STT',
    'Mã hồ sơ',
    'Ngày nộp',
    'Người nộp',
    'Thủ tục',
    'Cơ quan giải quyết',
    'Hình thức nộp',
    'Ngày tiếp nhận',
    'Ngày hẹn trả',
    'Ngày có kết quả',
    'Ngày trả kết quả',
    'Tình trạng',
    'Trạng thái',
    'Phí, lệ phí đã nộp (đồng)',
    'Đã hoàn trả (đồng)',
    'Miễn phí, lệ phí',
  ];
  const lines = rows.map((r) =>
    [
      r.no,
      r.code,
      formatVnDateTime(new Date(r.submittedAt)),
      r.applicant,
      `${r.procedureCode} ${r.procedureName}`,
      r.departmentName,
      CHANNEL_VI[r.channel] ?? r.channel,
      r.receivedAt ? formatVnDate(new Date(r.receivedAt)) : '',
      r.appointment ? formatVnDate(new Date(`${r.appointment}T12:00:00+07:00`)) : '',
      r.resultAt ? formatVnDate(new Date(r.resultAt)) : '',
      r.returnedAt ? formatVnDate(new Date(r.returnedAt)) : '',
      r.timeliness ? TIMELINESS_VI[r.timeliness] : '',
      r.statusLabel,
      r.feesPaidVnd ?? '',
      r.feesRefundedVnd ?? '',
      (r.feeExemptions ?? []).map(exemptionText).join('; '),
    ]
      .map(cell)
      .join(','),
  );
  return `\ufeff${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
