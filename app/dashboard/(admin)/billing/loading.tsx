import { PageLoading } from "@/components/billing/parts";

export default function Loading() {
  return <PageLoading label="Loading billing" />;
}
