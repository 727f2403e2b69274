export { auth0Handlers, createAuth0Provider, defaultAuth0Issuer } from './provider.js';
export { startsPerHour as auth0StartsPerHour } from './passwordless-start.js';
