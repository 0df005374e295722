import { Injectable } from '@nestjs/common';
import { CaseloadSort, type CaseloadPage, type SortOrder } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import { PreparedJson } from '../common/prepared-json';
import type { Actor } from '../common/request-actor';
import { ReadCache } from '../database/read-cache';
import { RegistryChanges } from '../database/registry-changes.service';
import { ClinicRulesService, type ClinicRules } from '../registry-sql/clinic-rules.service';
import { EpisodeAggregateRepository, orderByClause } from '../registry-sql/episode-aggregate.repository';
import type { SqlParams } from '../registry-sql/sql-params';
import { comparePriority, matchesFlagFilter, toCaseloadRow, type RankedRow } from './caseload-row.mapper';
import { CaseloadScopeService, type CaseloadTarget } from './caseload-scope.service';
import type { CaseloadQueryDto } from './dto/caseload-query.dto';

const DEFAULT_PAGE_SIZE = 25;

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

  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
    private readonly scope: CaseloadScopeService,
    changes: RegistryChanges,
  ) {
    this.pages = new ReadCache(changes);
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
      async () => new PreparedJson(await this.compute(actor, query, rules)),
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
      let rows = found.rows.map(evaluate).filter((row) => matchesFlagFilter(row, query.flag, query.severity));
      if (sort === CaseloadSort.PRIORITY) {
        rows = rows.sort((a, b) => (order === 'asc' ? comparePriority(a, b) : comparePriority(b, a)));
      }
      total = rows.length;
      ranked = all ? rows : rows.slice((page - 1) * pageSize, page * pageSize);
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

    const capacity = this.scope.capacity(target, rules.thresholds);
    const items = ranked.map(({ row }) => row);
    return {
      careManagerId: target.careManagerId,
      asOf: rules.asOf,
      month: rules.month,
      timeZone: rules.timeZone,
      items,
      total,
      page,
      pageSize,
      sort,
      order,
      capacity,
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
