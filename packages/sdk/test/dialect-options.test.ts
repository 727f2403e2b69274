import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';

describe('createClient({ dialect })', () => {
  it('throws a TypeError naming the option for an unknown dialect', () => {
    expect(() => createClient({ issuer: 'https://id.example.com', clientId: 'app', dialect: 'okta' as never })).to.throw(TypeError, /"dialect"/);
  });

  it('needs a client ID for every backend but Kratos', () => {
    expect(() => createClient({ issuer: 'https://cloud.appwrite.io/v1', dialect: 'appwrite' })).to.throw(TypeError, /"clientId"/);
    expect(() => createClient({ issuer: 'https://tenant.auth0.com', dialect: 'auth0' })).to.throw(TypeError, /"clientId"/);
    expect(() => createClient({ issuer: 'https://id.example.com' })).to.throw(TypeError, /"clientId"/);
    createClient({ issuer: 'https://auth.example.com', dialect: 'kratos' }).close();
  });

  it('keeps the https rule for vendor base URLs', () => {
    expect(() => createClient({ issuer: 'http://kratos.example.com', dialect: 'kratos' })).to.throw(TypeError, /"issuer"/);
  });
});
