import type { FormInstance } from 'antd';
import { ApiError } from '../api/api-client.js';
import { fieldOfServerError } from './people-form.js';

/**
 * Shows a refused write (400, 409) under the field its message names; anything else (or a
 * message naming no field) is returned for the form's own alert.
 */
export function showServerError<F extends string>(
  form: FormInstance,
  err: unknown,
  fields: readonly F[],
): string | null {
  const message = (err as Error).message;
  if (err instanceof ApiError && (err.status === 400 || err.status === 409)) {
    const field = fieldOfServerError(message, fields);
    if (field) {
      form.setFields([{ name: field, errors: [message] }]);
      return null;
    }
  }
  return message;
}
