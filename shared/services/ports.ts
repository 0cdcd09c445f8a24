import type { Dossier } from '../domain/dossier.ts';

/**
 * The ports through which the services reach storage: small interfaces, each with its DynamoDB
 * (and S3) adapter in shared/adapters/ passed as the default. A service holds the rule; the adapter
 * holds the keys, indexes and conditions. (The workflow's own reads and writes go through the
 * executor, shared/services/workflow-executor.ts.)
 */

/** The workflow's sparse indexes. */
export interface WorkflowIndexes {
  /** The steps overdue now (escalated and still held), one entry per step. */
  overdueSteps(): Promise<{ departmentId: string; dossierId: string }[]>;
  /** The dossiers whose workflow should be running. */
  activeDossierIds(): AsyncIterable<string>;
}

/** A row of the dossier register as stored: a number given to a dossier, or a voided number. */
export type RegisterEntry = Record<string, unknown> & { dossierId?: unknown; voided?: unknown };

/** The dossier register (sổ theo dõi hồ sơ), one partition per month. */
export interface RegisterStore {
  /** The month's rows (yyyy-MM) in order, between two instants when given. */
  entries(month: string, range?: { lo: string; hi: string }): Promise<RegisterEntry[]>;
  /** The dossiers handed in that month (voided numbers left out). */
  dossierIds(month: string): Promise<string[]>;
  /** The dossiers' META items by id (absent: not found). */
  dossiers(ids: readonly string[]): Promise<Map<string, Dossier>>;
}

/** Online drafts never submitted. */
export interface DraftStore {
  /** Drafts unchanged since before `cutoff`, oldest first, at most `limit`. */
  staleDrafts(cutoff: string, limit: number): Promise<string[]>;
  /**
   * Deletes the draft with its uploads if it is still a draft unchanged since before `cutoff`;
   * false (nothing deleted) when it changed meanwhile.
   */
  deleteStaleDraft(id: string, cutoff: string): Promise<boolean>;
}

/** A staff member as the directory knows them, within one unit. */
export interface UnitMember {
  userId: string;
  name: string;
  email: string;
  role: string;
}

export interface StaffLookup {
  member(unit: string, userId: string): Promise<UnitMember | undefined>;
}
