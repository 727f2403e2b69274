import { stop, type VariantAnswer } from '../variant.js';

/**
 * Appwrite's errors used by the Account routes, with their status and default message
 * (app/config/errors.php in appwrite/appwrite; the "Response codes" page of Appwrite's docs).
 */
const errors = {
  general_argument_invalid: [400, 'The request contains one or more invalid arguments. Please refer to the endpoint documentation.'],
  general_unauthorized_scope: [401, 'The current user or API key does not have the required scopes to access the requested resource.'],
  general_unknown_origin: [403, 'The request originated from an unknown origin. If you trust this domain, please list it as a trusted platform in the Appwrite console.'],
  general_route_not_found: [404, 'The requested route was not found. Please refer to the API docs and try again.'],
  general_rate_limit_exceeded: [429, 'Rate limit for the current endpoint has been exceeded. Please try again after some time.'],
  general_server_error: [500, 'An internal server error occurred.'],
  project_not_found: [404, 'Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.'],
  user_invalid_token: [401, 'Invalid token passed in the request.'],
  user_jwt_invalid: [401, 'The JWT token is invalid. Please check the value of the X-Appwrite-JWT header to ensure the correct token is being used.'],
  user_count_exceeded: [501, 'The current project has exceeded the maximum number of users. Please check your user limit in the Appwrite console.'],
  user_already_exists: [409, 'A user with the same id, email, or phone already exists in this project.'],
  user_session_not_found: [404, 'The current user session could not be found.'],
} as const;

export type AppwriteErrorType = keyof typeof errors;

/** The server version the error bodies name, as Appwrite's do. */
export const appwriteVersion = '1.8.0';

/** An error answer in Appwrite's shape: `{message, code, type, version}`. */
export function appwriteError(type: AppwriteErrorType, message?: string, headers?: Record<string, string>): VariantAnswer {
  const [status, text] = errors[type];
  return { status, body: { message: message ?? text, code: status, type, version: appwriteVersion }, ...(headers ? { headers } : {}) };
}

/** Stops an endpoint with an Appwrite error. */
export function fail(type: AppwriteErrorType, message?: string, headers?: Record<string, string>): never {
  return stop(appwriteError(type, message, headers));
}
