/**
 * Moving open episodes from one care manager to another (issue #11): a whole caseload, or chosen
 * episodes of it. Care managers move patients they can see (their own caseload or one they cover
 * today); an administrator moves a departing colleague's whole caseload and sees counts only.
 */
export interface CaseloadTransferRequest {
  fromCareManagerId: string;
  toCareManagerId: string;
  /** Only these open episodes of the caseload; left out = the whole caseload (care managers only). */
  episodeIds?: string[];
}

/** The result of a transfer: counts and staff ids only (no patient identifiers). */
export interface CaseloadTransferResult {
  fromCareManagerId: string;
  toCareManagerId: string;
  /** Open episodes that moved. */
  transferred: number;
}

/** A care manager of the clinic (active or not) and the open episodes they hold, for transfer pickers. */
export interface CaseloadHolder {
  id: string;
  displayName: string;
  active: boolean;
  fte: number;
  openEpisodes: number;
}
