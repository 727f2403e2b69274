import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { ModelStore } from './store.js';

/**
 * oidc-provider's adapter interface over the store's models (in the data file, or one Redis key
 * each). Spending a code or refresh token is atomic: when two requests (in one process or two)
 * trade the same one at once, one of them gets it and the other `invalid_grant`, and the grant it
 * came from is revoked, as for any reuse.
 */
export function storeAdapter(models: ModelStore): new (model: string) => Adapter {
  return class StoreAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await models.upsert(this.#model, id, payload as Record<string, unknown>, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await models.find(this.#model, id)) as AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await models.findBy(this.#model, 'userCode', userCode)) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await models.findBy(this.#model, 'uid', uid)) as AdapterPayload | undefined;
    }

    async consume(id: string): Promise<void> {
      const outcome = await models.consume(this.#model, id);
      if (outcome === 'spent') return;
      if (outcome === 'already') {
        const grantId = (await models.find(this.#model, id))?.['grantId'];
        if (typeof grantId === 'string') await models.revokeByGrantId(grantId);
      }
      throw new errors.InvalidGrant(`${this.#model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`);
    }

    async destroy(id: string): Promise<void> {
      await models.destroy(this.#model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await models.revokeByGrantId(grantId);
    }
  };
}
