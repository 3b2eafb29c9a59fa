import { ApiError, fieldLabel, registerFieldLabels } from '../platform/api';
import { FACET_LABELS } from './labels';

/**
 * The search address's parameters are labelled under this prefix rather than by their bare names:
 * other applications have their own "type", "status" and "level", which mean something else.
 */
const SEARCH = 'library.search';

registerFieldLabels(
  Object.fromEntries(
    Object.entries({
      ...FACET_LABELS,
      q: 'Từ khoá',
      page: 'Trang',
      collection: 'Bộ sưu tập',
    }).map(([name, label]) => [`${SEARCH}.${name}`, label]),
  ),
);

/** A failed search's message, naming the parameter at fault by its label: "Từ khoá: tối đa…". */
export function searchErrorMessage(error: Error): string {
  if (!(error instanceof ApiError) || !error.field || error.fieldMessage === error.message)
    return error.message;
  const label = fieldLabel(`${SEARCH}.${error.field}`);
  // Whichever name ApiError gave the field, the server's own words end the message.
  return label ? `${label}: ${error.message.slice(-error.fieldMessage.length)}` : error.message;
}

/** Whether an answer means there is no document here to show: unknown, hidden or a bad id. */
export function isMissingDocument(error: Error): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 404 || (error.status === 400 && error.field === 'id'))
  );
}

/** Retries a failed request once, unless the server refused it: asking again changes nothing. */
export function retryUnlessRefused(failures: number, error: Error): boolean {
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  return !refused && failures < 1;
}
