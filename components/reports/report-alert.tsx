// A report's input refused (a bad range, an unknown id): the reason in words where the figures would be.
export function ReportAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-2xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      {message}
    </p>
  );
}
