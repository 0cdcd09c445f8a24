import { vnYyMmDd } from './time.ts';

/**
 * The dossier code (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19:
 * `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` — the receiving agency's code, the receipt date and a
 * 4-digit daily sequence per agency. Circular 03/2025 may change the format (unconfirmed), so the
 * format lives here and nowhere else.
 */
export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
export const DOSSIER_CODE_PATTERN = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$/;

/** The highest daily sequence the 4-digit field can hold. */
export const MAX_DAILY_SEQUENCE = 9999;

export function formatDossierCode(agencyCode: string, receivedAt: Date, sequence: number): string {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) throw new RangeError(`invalid agency code ${agencyCode}`);
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('invalid receipt date');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`daily sequence out of range: ${sequence}`);
  }
  return dossierCodeOfDay(agencyCode, vnYyMmDd(receivedAt), sequence);
}

/** The code of number `sequence` of an agency's Vietnamese day `yymmdd`. */
export function dossierCodeOfDay(agencyCode: string, yymmdd: string, sequence: number): string {
  return `${agencyCode}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}

export interface ParsedDossierCode {
  agencyCode: string;
  yymmdd: string;
  sequence: number;
}

export function parseDossierCode(code: string): ParsedDossierCode | undefined {
  const m = DOSSIER_CODE_PATTERN.exec(code);
  if (!m) return undefined;
  return { agencyCode: m[1]!, yymmdd: m[2]!, sequence: Number(m[3]) };
}

/** The key of the daily counter that numbers one agency's dossiers on one Vietnamese day. */
export function dailySequenceKey(agencyCode: string, receivedAt: Date): string {
  return `${agencyCode}#${vnYyMmDd(receivedAt)}`;
}
