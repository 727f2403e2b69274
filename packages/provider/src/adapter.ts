import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database, Store, StoredModel } from './store.js';

function bucket(data: Database, model: string): Record<string, StoredModel> {
  data.oidc[model] ??= {};
  return data.oidc[model];
}

function alive(entry: StoredModel | undefined): AdapterPayload | undefined {
  if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
  // A copy: oidc-provider may change what it is given, which must not change the store unsaved.
  return structuredClone(entry.payload) as AdapterPayload;
}

/**
 * oidc-provider's adapter interface over a provider Store (the data file or Redis): every model is
 * kept with the rest of the state, so one transaction can touch a sign-in and its tokens together.
 */
export function storeAdapter(store: Store): new (model: string) => Adapter {
  return class StoreAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await store.transact((data) => {
        bucket(data, this.#model)[id] = {
          payload: structuredClone(payload) as Record<string, unknown>,
          ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
        };
      });
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return store.read((data) => alive(data.oidc[this.#model]?.[id]));
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return store.read((data) => alive(Object.values(data.oidc[this.#model] ?? {}).find((entry) => entry.payload['userCode'] === userCode)));
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return store.read((data) => alive(Object.values(data.oidc[this.#model] ?? {}).find((entry) => entry.payload['uid'] === uid)));
    }

    async consume(id: string): Promise<void> {
      await store.transact((data) => {
        const entry = data.oidc[this.#model]?.[id];
        if (entry) entry.payload['consumed'] = Math.floor(Date.now() / 1000);
      });
    }

    async destroy(id: string): Promise<void> {
      await store.transact((data) => {
        delete data.oidc[this.#model]?.[id];
      });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.transact((data) => {
        for (const models of Object.values(data.oidc)) {
          for (const [id, entry] of Object.entries(models)) if (entry.payload['grantId'] === grantId) delete models[id];
        }
      });
    }
  };
}
