import { ApiFetchError } from '../core/http/api-fetch';
import { apiErrorMessage } from '../core/http/api-error';

/** An API error split into messages for the form's fields and one for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  /** What no field of the form shows (or `null`). */
  form: string | null;
}

/**
 * Maps an API error onto a form's fields: a domain error's `field` (e.g. `mrn`,
 * `flagThresholds.targetWeeks`), or each class-validator message by the field it starts with
 * ("mrn must be …"). Messages for fields the form does not have, and other errors, go to `form`.
 * @param known the form's field names, as the API names them
 */
export function formErrors(error: unknown, known: readonly string[], fallback: string): FormErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const body: unknown = error instanceof ApiFetchError ? error.error : null;
  const { message, field } = (typeof body === 'object' && body !== null ? body : {}) as {
    message?: unknown;
    field?: unknown;
  };
  if (error instanceof ApiFetchError && error.status === 400) {
    const messages = Array.isArray(message) ? message : [message];
    for (const m of messages) {
      if (typeof m !== 'string') continue;
      const name =
        typeof field === 'string' && !Array.isArray(message) ? field : known.find((k) => fieldOfMessage(m, k));
      if (name && known.includes(name) && !fields[name]) fields[name] = m;
      else rest.push(m);
    }
    if (Object.keys(fields).length > 0) return { fields, form: rest.length ? rest.join('. ') : null };
  } else if (error instanceof ApiFetchError && typeof field === 'string' && known.includes(field)) {
    return { fields: { [field]: apiErrorMessage(error, fallback) }, form: null };
  }
  return { fields, form: apiErrorMessage(error, fallback) };
}

/** Whether a validation message is about `field` ("field must …", "each value in field …", "nested.field …"). */
function fieldOfMessage(message: string, field: string): boolean {
  const last = field.split('.').pop() ?? field;
  return (
    message.startsWith(`${field} `) ||
    message.startsWith(`each value in ${field} `) ||
    message.startsWith(`${last} `) ||
    message.includes(`.${last} `)
  );
}
