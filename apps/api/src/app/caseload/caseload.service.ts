import { Injectable } from '@nestjs/common';
import { CaseloadSort, type CaseloadPage, type SortOrder } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import { PreparedJson } from '../common/prepared-json';
import type { Actor } from '../common/request-actor';
import { ReadCache } from '../database/read-cache';
import { RegistryChanges } from '../database/registry-changes.service';
import { RowRefreshCache } from '../database/row-refresh-cache';
import { ClinicRulesService, type ClinicRules } from '../registry-sql/clinic-rules.service';
import { EpisodeAggregateRepository, orderByClause } from '../registry-sql/episode-aggregate.repository';
import type { SqlParams } from '../registry-sql/sql-params';
import { comparePriority, matchesFlagFilter, toCaseloadRow, type RankedRow } from './caseload-row.mapper';
import { CaseloadScopeService, type CaseloadTarget } from './caseload-scope.service';
import type { CaseloadQueryDto } from './dto/caseload-query.dto';

const DEFAULT_PAGE_SIZE = 25;
/**
 * Whole caseloads kept per process (least recently used dropped beyond): a row is ≈ 1 kB of objects (0.86 kB
 * measured with one flag), so 500 caseloads of 60 rows are ≈ 30 MB; a caseload not kept is read whole, as before.
 */
const CASELOADS_KEPT = 500;

/** A whole caseload as one reader sees it: its target and every row, evaluated, in name order. */
interface CaseloadRows {
  target: CaseloadTarget;
  ranked: RankedRow[];
}

/**
 * The caseload: one row per open episode of a care manager, values aggregated in SQL
 * (`EpisodeAggregateRepository`), flags from libs/scoring per row. Column sorts and paging run
 * in SQL; flag filters and the priority sort evaluate the flags of the whole (bounded) caseload in
 * Node, then page (docs/adr/0002-caseload-query.md).
 */
@Injectable()
export class CaseloadService {
  /** Computed pages, until the clinic's data changes (docs/adr/0005-read-caches.md). */
  private readonly pages: ReadCache<PreparedJson<CaseloadPage>>;
  /**
   * Whole caseloads, refreshed row by row when a write names its patient: a page of the default order
   * (priority) is cut from them, so a write costs its caseload's next read one row, not every row.
   */
  private readonly caseloads: RowRefreshCache<CaseloadRows>;

  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
    private readonly scope: CaseloadScopeService,
    changes: RegistryChanges,
  ) {
    this.pages = new ReadCache(changes);
    this.caseloads = new RowRefreshCache(changes, { maxEntries: CASELOADS_KEPT });
  }

  /**
   * Every row of a caseload (its filters and sort, no paging) for a download: one aggregate statement,
   * not cached and not audited here — the export writes its one `caseload.export` row with the patients.
   * @throws as {@link listPrepared}.
   */
  async allRows(actor: Actor, query: CaseloadQueryDto): Promise<CaseloadPage> {
    const rules = await this.clinicRules.forClinic(actor.clinicId);
    return this.compute(actor, query, rules, true);
  }

  /**
   * One page of a caseload, ready to send; every read is audited with the patients it showed.
   * @throws 400 (careManagerId missing for a consultant), 403 (not covering), 404 (unknown care manager).
   */
  async listPrepared(actor: Actor, query: CaseloadQueryDto): Promise<PreparedJson<CaseloadPage>> {
    const rules = await this.clinicRules.forClinic(actor.clinicId);
    const key = [
      actor.id,
      actor.role,
      rules.asOf,
      query.careManagerId,
      query.sort,
      query.order,
      query.page,
      query.pageSize,
      query.flag,
      query.severity,
      query.status,
      query.search,
    ];
    // A page depends on its care manager's caseload (episodes, their patients' data, coverage) and on
    // clinic-wide data (staff, settings): writes in other caseloads leave it cached.
    const owner = query.careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    const prepared = await this.pages.get(
      actor.clinicId,
      JSON.stringify(key),
      async () => new PreparedJson(await this.page(actor, query, rules)),
      owner === undefined ? undefined : { staffId: owner },
    );
    const result = prepared.value;
    await this.audit.success(actor, 'caseload.read', {
      resourceType: 'caseload',
      resourceId: result.careManagerId,
      details: {
        careManagerId: result.careManagerId,
        filters: {
          flag: query.flag ?? null,
          severity: query.severity ?? null,
          status: query.status ?? null,
          search: query.search !== undefined,
        },
        sort: result.sort,
        order: result.order,
        page: result.page,
        pageSize: result.pageSize,
        total: result.total,
      },
      patientIds: prepared.memo('patientIds', (page) => page.items.map((row) => row.patientId)),
    });
    return prepared;
  }

  /**
   * A page: cut from the caseload's rows held in memory ({@link caseloads}) in the default order (priority)
   * without a search, else read as asked ({@link compute}).
   */
  private async page(actor: Actor, query: CaseloadQueryDto, rules: ClinicRules): Promise<CaseloadPage> {
    const targetId = query.careManagerId ?? (actor.role === 'care_manager' ? actor.id : undefined);
    if ((query.sort ?? CaseloadSort.PRIORITY) !== CaseloadSort.PRIORITY || query.search?.trim() || !targetId) {
      return this.compute(actor, query, rules);
    }
    // What the rows depend on besides the caseload's changes: who reads them (scope), and the day.
    const key = JSON.stringify([actor.id, actor.role, rules.asOf]);
    const held = await this.caseloads.get(actor.clinicId, targetId, key, {
      all: () => this.readRows(actor, targetId, rules),
      refresh: (rows, patients) => this.refreshRows(actor, targetId, rules, rows, patients),
    });
    const rows = held.ranked.filter(
      (ranked) => query.status === undefined || ranked.row.episodeStatus === query.status,
    );
    const { ranked, total } = this.cut(rows, query, true);
    return this.pageOf(held.target, rules, query, ranked, total);
  }

  /** Every row of a caseload (no filter), as {@link compute} reads them: the target check, then the aggregate. */
  private async readRows(actor: Actor, targetId: string, rules: ClinicRules): Promise<CaseloadRows> {
    const target = await this.scope.resolve(actor, targetId, rules.asOf);
    const found = await this.aggregates.find({ rules, where: (p) => this.conditions(actor, target, {}, p) });
    return { target, ranked: found.rows.map((aggregate) => toCaseloadRow(aggregate, rules.thresholds, rules.asOf)) };
  }

  /**
   * `held` with the rows of `patients` read again: the target check (access, FTE and the capacity count may
   * have moved with the write) and those patients' rows, side by side. A row no longer read has left the
   * caseload (discharged, transferred); the others keep their places. Only when a row came in or was renamed
   * is the caseload's order read (its episode ids by name, ordered by the database as the whole read is).
   */
  private async refreshRows(
    actor: Actor,
    targetId: string,
    rules: ClinicRules,
    held: CaseloadRows,
    patients: ReadonlySet<string>,
  ): Promise<CaseloadRows> {
    const where = (p: SqlParams): string[] => this.conditions(actor, held.target, {}, p);
    const [target, found] = await Promise.all([
      this.scope.resolve(actor, targetId, rules.asOf),
      this.aggregates.find({
        rules,
        where: (p) => [...where(p), `e.patient_id = ANY(${p.add([...patients], 'uuid[]')})`],
      }),
    ]);
    const before = new Map(held.ranked.map((ranked) => [ranked.row.episodeId, ranked.row]));
    const fresh = new Map<string, RankedRow>();
    let moved = false;
    for (const aggregate of found.rows) {
      const was = before.get(aggregate.episodeId);
      moved ||= !was || was.familyName !== aggregate.familyName || was.givenName !== aggregate.givenName;
      fresh.set(aggregate.episodeId, toCaseloadRow(aggregate, rules.thresholds, rules.asOf));
    }
    const kept = (ranked: RankedRow): RankedRow | undefined =>
      patients.has(ranked.row.patientId) ? fresh.get(ranked.row.episodeId) : ranked;
    if (!moved) {
      return { target, ranked: held.ranked.map(kept).filter((row): row is RankedRow => row !== undefined) };
    }
    const byEpisode = new Map<string, RankedRow>();
    for (const ranked of held.ranked) {
      const row = kept(ranked);
      if (row) byEpisode.set(ranked.row.episodeId, row);
    }
    for (const [episodeId, row] of fresh) byEpisode.set(episodeId, row);
    const ranked: RankedRow[] = [];
    for (const episodeId of await this.aggregates.orderedIds({ rules, where })) {
      const row = byEpisode.get(episodeId);
      if (row) ranked.push(row);
      fresh.delete(episodeId);
    }
    // Read again but not in the order (a change committed between the two statements): kept at the end
    // until the change's own notification reads it again.
    ranked.push(...fresh.values());
    return { target, ranked };
  }

  /**
   * Of `rows` (in the read's order), those with the requested flags; by priority (most urgent first for
   * `asc`, ties keeping the read's order) when asked; then the requested page, or all of them.
   */
  private cut(
    rows: RankedRow[],
    query: CaseloadQueryDto,
    byPriority: boolean,
    all = false,
  ): { ranked: RankedRow[]; total: number } {
    const matching = rows.filter((row) => matchesFlagFilter(row, query.flag, query.severity));
    if (byPriority) {
      const order = query.order ?? 'asc';
      matching.sort((a, b) => (order === 'asc' ? comparePriority(a, b) : comparePriority(b, a)));
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return {
      ranked: all ? matching : matching.slice((page - 1) * pageSize, page * pageSize),
      total: matching.length,
    };
  }

  /**
   * Two statements besides the clinic settings (issue #13): the target check (404/403) with the FTE and the
   * capacity count (`CaseloadScopeService.resolve`), then the aggregate with the rows and their total
   * (`count(*) OVER ()`). Folding the check into the aggregate saved a statement but made PostgreSQL
   * re-plan it on every execution (custom plans, ~6 ms) instead of reusing its generic plan (bench/explain.mjs).
   * @param all every matching row (a download), else the requested page
   */
  private async compute(actor: Actor, query: CaseloadQueryDto, rules: ClinicRules, all = false): Promise<CaseloadPage> {
    const target = await this.scope.resolve(actor, query.careManagerId, rules.asOf);
    const sort = query.sort ?? CaseloadSort.PRIORITY;
    const order: SortOrder = query.order ?? 'asc';
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const where = (p: SqlParams): string[] => this.conditions(actor, target, query, p);
    const evaluate = (aggregate: Parameters<typeof toCaseloadRow>[0]): RankedRow =>
      toCaseloadRow(aggregate, rules.thresholds, rules.asOf);

    let ranked: RankedRow[];
    let total: number;
    if (sort === CaseloadSort.PRIORITY || query.flag !== undefined || query.severity !== undefined) {
      const found = await this.aggregates.find({
        rules,
        where,
        orderBy: sort === CaseloadSort.PRIORITY ? undefined : orderByClause(sort, order),
      });
      ({ ranked, total } = this.cut(found.rows.map(evaluate), query, sort === CaseloadSort.PRIORITY, all));
    } else {
      const found = await this.aggregates.find({
        rules,
        where,
        orderBy: orderByClause(sort, order),
        ...(all ? {} : { limit: pageSize, offset: (page - 1) * pageSize }),
      });
      total = found.total;
      ranked = found.rows.map(evaluate);
    }

    return this.pageOf(target, rules, query, ranked, total);
  }

  /** The page of `ranked` (its rows, already cut) out of `total` matching rows. */
  private pageOf(
    target: CaseloadTarget,
    rules: ClinicRules,
    query: CaseloadQueryDto,
    ranked: RankedRow[],
    total: number,
  ): CaseloadPage {
    return {
      careManagerId: target.careManagerId,
      asOf: rules.asOf,
      month: rules.month,
      timeZone: rules.timeZone,
      items: ranked.map(({ row }) => row),
      total,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE,
      sort: query.sort ?? CaseloadSort.PRIORITY,
      order: query.order ?? 'asc',
      capacity: this.scope.capacity(target, rules.thresholds),
    };
  }

  /** The SQL conditions of a caseload request over `e` (episode) and `p` (patient); public for EXPLAIN tests. */
  conditions(
    actor: Actor,
    target: Pick<CaseloadTarget, 'careManagerId' | 'consultantId'>,
    query: CaseloadQueryDto,
    p: SqlParams,
  ): string[] {
    const conditions = [`e.care_manager_id = ${p.add(target.careManagerId, 'uuid')}`];
    if (target.consultantId) conditions.push(`e.consultant_id = ${p.add(target.consultantId, 'uuid')}`);
    // Defence in depth: the same patient scope as every other patient route.
    conditions.push(p.addFragment(this.access.patientScope(actor, 'p', p.values.length)));
    if (query.status) conditions.push(`e.status = ${p.add(query.status)}`);
    const search = query.search?.trim();
    if (search) {
      const pattern = p.add(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(
        `(p.family_name ILIKE ${pattern} OR p.given_name ILIKE ${pattern} OR p.mrn ILIKE ${pattern}
          OR (p.given_name || ' ' || p.family_name) ILIKE ${pattern})`,
      );
    }
    return conditions;
  }
}
