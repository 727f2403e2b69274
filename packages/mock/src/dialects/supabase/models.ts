import type { User } from '../../state.js';

const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

/** GoTrue's User object (models.User as JSON) for an email user. */
export function userModel(user: User, confirmedAt: number | undefined, lastSignInAt: number | undefined) {
  const email = user.email ?? '';
  const identityData = { email, email_verified: confirmedAt !== undefined, phone_verified: false, sub: user.sub };
  return {
    id: user.sub,
    aud: 'authenticated',
    role: 'authenticated',
    email,
    ...(confirmedAt === undefined ? {} : { email_confirmed_at: iso(confirmedAt), confirmed_at: iso(confirmedAt) }),
    phone: user.phone ?? '',
    ...(lastSignInAt === undefined ? {} : { last_sign_in_at: iso(lastSignInAt) }),
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: identityData,
    identities: [
      {
        identity_id: user.sub,
        id: user.sub,
        user_id: user.sub,
        identity_data: identityData,
        provider: 'email',
        last_sign_in_at: iso(lastSignInAt ?? user.createdAt),
        created_at: iso(user.createdAt),
        updated_at: iso(user.createdAt),
        email,
      },
    ],
    created_at: iso(user.createdAt),
    updated_at: iso(lastSignInAt ?? user.createdAt),
    is_anonymous: false,
  };
}
