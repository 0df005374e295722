import { ApiFetchError } from './api-fetch';

/**
 * A short, human message for a failed API call. Uses the server's `message` (Nest's error body:
 * a string or a list of validation messages) when there is one, otherwise a message for the status.
 * Takes the errors of every API call (`ApiFetchError`, `api-fetch.ts`).
 */
export function apiErrorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (!(error instanceof ApiFetchError)) return fallback;
  if (error.status === 0) return 'The server could not be reached. Check your connection and try again.';
  const body: unknown = error.error;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string') && message.length > 0) {
    return message.join('. ');
  }
  switch (error.status) {
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return 'Your role does not allow this.';
    case 404:
      return 'Not found, or you do not have access to it.';
    case 409:
      return 'Someone else changed this record. Reload and try again.';
    case 429:
      return 'Too many attempts. Wait a moment and try again.';
    default:
      return error.status >= 500 ? 'The server had a problem. Please try again in a moment.' : fallback;
  }
}
