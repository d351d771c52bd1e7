export const DASHBOARD_ORG_COOKIE = "dashboard_org";
