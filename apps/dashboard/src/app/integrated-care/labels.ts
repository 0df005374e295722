import type { ContactMethod, SocialNeedDomainId, SocialNeedStatus } from '@huddle/shared-types';

export const NEED_DOMAIN_LABELS: Readonly<Record<SocialNeedDomainId, string>> = {
  housing: 'Housing',
  food: 'Food',
  transportation: 'Transportation',
  utilities: 'Utilities',
  safety: 'Interpersonal safety',
};

export const NEED_STATUS_LABELS: Readonly<Record<SocialNeedStatus, string>> = {
  open: 'Open',
  referred: 'Referred',
  connected: 'Connected',
  resolved: 'Resolved',
};

export const CONTACT_METHOD_LABELS: Readonly<Record<ContactMethod, string>> = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'Email',
  video: 'Video visit',
  in_person: 'In person',
};

export const CHRONIC_LABELS: Readonly<Record<string, string>> = {
  diabetes: 'Diabetes',
  hypertension: 'Hypertension',
  heart_failure: 'Heart failure',
  copd: 'COPD',
  chronic_pain: 'Chronic pain',
  cancer: 'Cancer',
};

/** Roles that write the care record (mirrors the API's care-record permission). */
export const CARE_RECORD_WRITERS: readonly string[] = ['care_manager', 'psychiatric_consultant', 'pcp'];
