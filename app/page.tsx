import { DemoIntro } from "./_components/demo-intro";
import { VisitorChat } from "./_components/visitor-chat";

/** The demo page: stands in for a customer's website, with the visitor chat for the seeded demo site. */
export default function DemoPage() {
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-8 px-6 py-10 md:flex-row md:items-start">
      <DemoIntro />
      <VisitorChat siteKey="demo" />
    </main>
  );
}
