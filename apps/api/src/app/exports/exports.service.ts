import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CaseloadService } from '../caseload/caseload.service';
import type { Actor } from '../common/request-actor';
import { OutcomesService } from '../outcomes/outcomes.service';
import type { CaseloadExportQueryDto } from './export-query.dto';
import { caseloadTable, outcomesTables } from './export-tables';
import { renderExport, type ExportFormat } from './table-export';

const OUTCOME_MONTHS = 12;

/**
 * Builds the downloads from the same services the screens read (same scope, same figures): the whole
 * caseload in one aggregate statement with one `caseload.export` audit row naming its patients (no
 * per-page `caseload.read` rows beside it), outcomes as aggregates.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly caseloads: CaseloadService,
    private readonly outcomesService: OutcomesService,
    private readonly audit: AuditService,
  ) {}

  async caseload(
    actor: Actor,
    query: CaseloadExportQueryDto,
    format: ExportFormat,
  ): Promise<{ name: string; body: string | Buffer }> {
    const { format: _format, ...filters } = query;
    const { items: rows, asOf } = await this.caseloads.allRows(actor, filters);
    await this.audit.success(actor, 'caseload.export', {
      resourceType: 'caseload',
      details: { format, rows: rows.length },
      patientIds: rows.map((r) => r.patientId),
    });
    return { name: `caseload-${asOf}`, body: await renderExport(format, [caseloadTable(rows, asOf)]) };
  }

  async outcomes(
    actor: Actor,
    asOf: string | undefined,
    format: ExportFormat,
  ): Promise<{ name: string; body: string | Buffer }> {
    const trends = await this.outcomesService.trends(actor, OUTCOME_MONTHS);
    const quality = await this.outcomesService.quality(actor, asOf);
    await this.audit.success(actor, 'outcomes.export', { resourceType: 'outcomes', details: { format } });
    return { name: `outcomes-${quality.asOf}`, body: await renderExport(format, outcomesTables(trends, quality)) };
  }
}
