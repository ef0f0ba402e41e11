import { languagePreferenceSchema } from "../../../contracts/languages.ts";
import { getLanguagePreferences, setLanguagePreference } from "../../../domain/agents/language-preference.ts";
import { agentProcedure, router } from "../../init.ts";

/** The signed-in person's own settings. */
export const agentPreferencesRouter = router({
  get: agentProcedure.query(({ ctx }) => getLanguagePreferences(ctx.deps, ctx.agent)),
  setLanguage: agentProcedure
    .input(languagePreferenceSchema)
    .mutation(({ ctx, input }) => setLanguagePreference(ctx.deps, ctx.agent, input)),
});
