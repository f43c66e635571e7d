import { RequestValidationError } from './request-validation.error';

/** A query time: ISO-8601 or epoch milliseconds (the DTO checked the form); an impossible date is a 400 naming the field. */
export function parseTime(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RequestValidationError([{ field, message: `${field} is not a valid time` }]);
  return date;
}
