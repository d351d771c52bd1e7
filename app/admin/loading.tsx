import { ListSkeleton } from "@/components/console/bits";

export default function Loading() {
  return <ListSkeleton label="Loading the operator console" />;
}
