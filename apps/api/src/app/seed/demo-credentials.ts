/**
 * Password of every seeded demo and synthetic staff user. For demonstration data only: real
 * deployments never run the seed (SEED_DEMO=false) and users set their own passwords.
 */
export const DEMO_PASSWORD = 'huddle-demo';
