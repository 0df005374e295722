import type { DischargeReason, EpisodeDetail, EpisodeSummary, StaffRef } from '@huddle/shared-types';
import type { EpisodeEntity } from '../database/entities';

/** Entity → list shape. */
export function toEpisodeSummary(episode: EpisodeEntity): EpisodeSummary {
  return {
    id: episode.id,
    status: episode.status,
    referredOn: episode.referredOn,
    consentOn: episode.consentOn,
    enrolledOn: episode.enrolledOn,
    dischargedOn: episode.dischargedOn,
    dischargeReason: episode.dischargeReason as DischargeReason | null,
    careManagerId: episode.careManagerId,
    version: episode.version,
  };
}

/** Entity → detail shape; `staff` resolves care-team ids to names. */
export function toEpisodeDetail(episode: EpisodeEntity, staff: ReadonlyMap<string, StaffRef>): EpisodeDetail {
  const ref = (id: string | null): StaffRef | null => (id === null ? null : (staff.get(id) ?? null));
  return {
    ...toEpisodeSummary(episode),
    patientId: episode.patientId,
    activatedOn: episode.activatedOn,
    relapsePreventionOn: episode.relapsePreventionOn,
    careTeam: {
      careManager: ref(episode.careManagerId),
      consultant: ref(episode.consultantId),
      billingPcp: ref(episode.billingPcpId),
    },
    diagnoses: episode.diagnoses,
    createdAt: episode.createdAt.toISOString(),
    updatedAt: episode.updatedAt.toISOString(),
  };
}

/** Staff ids named by an episode's care team. */
export function careTeamIds(episode: EpisodeEntity): Array<string | null> {
  return [episode.careManagerId, episode.consultantId, episode.billingPcpId];
}
