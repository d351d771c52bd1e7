-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "nextPlan" "BillingPlan",
ADD COLUMN     "nextPlanChosenAt" TIMESTAMPTZ(3),
ADD COLUMN     "planSince" TIMESTAMPTZ(3);
