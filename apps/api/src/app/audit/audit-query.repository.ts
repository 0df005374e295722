import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditEvent, AuditEventPage } from '@huddle/shared-types';
import type { AuditLogRow } from './audit-log.row';
import type { AuditQueryDto } from './dto/audit-query.dto';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The columns the search selects, and the count of all matches. */
type EventRow = Omit<AuditLogRow, 'clinic_id' | 'prev_hash' | 'hash'> & { total: string };

const toEvent = (r: EventRow): AuditEvent => ({
  id: r.id,
  occurredAt: r.occurred_at.toISOString(),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  patientId: r.patient_id,
  outcome: r.outcome,
  ip: r.ip,
  details: r.details,
});

/** Reads of the audit log, always within one clinic, newest first. */
@Injectable()
export class AuditQueryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(clinicId: string, query: AuditQueryDto): Promise<AuditEventPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const where = ['clinic_id = $1'];
    const params: unknown[] = [clinicId];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.from) add((p) => `occurred_at >= ${p}`, new Date(query.from));
    if (query.to) {
      const to = new Date(query.to);
      add((p) => `occurred_at < ${p}`, DATE_ONLY.test(query.to) ? new Date(to.getTime() + DAY_MS) : to);
    }
    if (query.userId) add((p) => `actor_id = ${p}`, query.userId);
    if (query.patientId) add((p) => `patient_id = ${p}`, query.patientId);
    if (query.outcome) add((p) => `outcome = ${p}`, query.outcome);
    if (query.action?.endsWith('.')) add((p) => `starts_with(action, ${p})`, query.action);
    else if (query.action) add((p) => `action = ${p}`, query.action);
    params.push(pageSize, (page - 1) * pageSize);
    const rows: EventRow[] = await this.db.query(
      `SELECT id, occurred_at, actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome, ip,
              details, count(*) OVER () AS total
       FROM audit_log WHERE ${where.join(' AND ')}
       ORDER BY occurred_at DESC, id DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows[0] ? Number(rows[0].total) : await this.count(where, params.slice(0, -2));
    return { items: rows.map(toEvent), total, page, pageSize };
  }

  private async count(where: string[], params: unknown[]): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
