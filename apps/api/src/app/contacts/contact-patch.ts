import { definedFields } from '../common/versioned-update';
import type { ContactEntity } from '../database/entities';
import type { UpdateContactDto } from './dto/contact.dto';

/**
 * The columns an edit of a contact may change, from its request (fields left out stay as they are):
 * the one list for the author's own edit and for a correction with a reason.
 */
export function contactPatch(dto: UpdateContactDto): Partial<ContactEntity> {
  return definedFields({
    type: dto.type,
    modality: dto.modality,
    completed: dto.completed,
    startedAt: dto.startedAt === undefined ? undefined : new Date(dto.startedAt),
    minutes: dto.minutes,
    activity: dto.activity,
    note: dto.note,
  });
}
