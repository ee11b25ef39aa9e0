/** The tenant/brand name shown in the shell and the page title. One constant until tenants
 * can brand their portal. */
export const BRAND_NAME = "Tollgate";
