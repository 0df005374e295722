import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OrganisationClinicSummary, OrganisationSummary } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { NotFoundError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { OutcomesService } from '../outcomes/outcomes.service';
import { OrganisationRepository } from './organisation.repository';
import { ScreeningLeadershipService } from './screening-leadership.service';

/**
 * The health-system view (issue #17): every clinic of the caller's organisation side by side —
 * outcomes, quality measures, screening and CMS2, warm handoffs, utilization, caseload sizes. Only
 * counts and rates are assembled here (the types carry no patient-level field; caseload sizes are
 * summed, without care-manager names).
 */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly organisations: OrganisationRepository,
    private readonly outcomes: OutcomesService,
    private readonly leadership: ScreeningLeadershipService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
  ) {}

  async summary(actor: Actor, year?: string): Promise<OrganisationSummary> {
    const em = this.db.manager;
    const organisation = await this.organisations.ofClinic(em, actor.clinicId);
    if (!organisation) throw new NotFoundError('Organisation of clinic', actor.clinicId);
    const clinics = await this.organisations.clinics(em, organisation.id);
    const asOf = (await this.calendar.day(em, actor.clinicId)).today;
    const summaries: OrganisationClinicSummary[] = [];
    // One clinic at a time: each runs several aggregates and the pool is shared with every other request.
    for (const clinic of clinics) {
      const as = { ...actor, clinicId: clinic.id };
      const period = await this.leadership.period(em, clinic.id, year);
      const program = await this.outcomes.program(as);
      const quality = await this.outcomes.quality(as);
      const cms159 = quality.measures.find((m) => m.measureId === 'CMS159_REMISSION_12M');
      summaries.push({
        clinicId: clinic.id,
        clinicName: clinic.name,
        openEpisodes: program.caseloads.reduce((sum, c) => sum + c.openEpisodes, 0),
        careManagers: program.caseloads.length,
        improvementRate: program.improvementRate,
        monthlyContactWithScale: program.monthlyContactWithScale,
        consultationRate: program.consultationRate,
        cms159Remission: cms159
          ? { numerator: cms159.numerator, denominator: cms159.denominator, rate: cms159.rate }
          : null,
        cms2: await this.leadership.cms2(em, clinic.id, period),
        patientsScreened: await this.leadership.patientsScreened(em, clinic.id, period),
        handoffs: await this.leadership.handoffs(em, clinic.id, period),
        utilization: await this.leadership.utilizationAll(em, clinic.id, period),
      });
    }
    await this.audit.success(actor, 'organisation.summary', {
      resourceType: 'organisation',
      resourceId: organisation.id,
      details: { clinics: clinics.length },
    });
    return { organisationId: organisation.id, organisationName: organisation.name, asOf, clinics: summaries };
  }
}
