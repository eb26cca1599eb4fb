/**
 * @module
 * Every stop-word list of Glassbox, in one place. They differ on purpose: each is tuned to what its
 * user compares, and changing one changes scores measured against it.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.split(" "));

/**
 * Lucene's English stop words (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`): the BM25 analyzer must drop
 * exactly these to be comparable with Lucene and Anserini.
 */
export const LUCENE_STOP_WORDS = set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with",
);

/**
 * English function words (articles, pronouns, auxiliaries, prepositions, contraction pieces): what
 * guardrail topic matching and grounding leave out before comparing content words.
 */
export const FUNCTION_WORDS = set(
  "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those " +
    "i you he she we they me him her us them my your his our their what which who whom how why when where do does did " +
    "can could will would should may might must shall not no yes so than then there here about into over under up down out " +
    "any all some such only own same very just also more most other too s t don ve ll re m d",
);

/**
 * Words of a request that never name a tool (question words, politeness, "tell me"): what the local
 * model leaves out before matching a request against tool names and descriptions.
 */
export const REQUEST_FILLER_WORDS = set(
  "a an the of to in on at for by with from and or is are was were be been it its this that these those what which who whom how when where why do does did can could would should will shall may might me my i you your we our us please tell there than then as into about",
);

/**
 * Question words and fillers that say nothing about a question's topic, on top of Lucene's list: what
 * the local model's extractive answers leave out when matching a question against passages (run through
 * the same analyzer as the passages).
 */
export const QUESTION_WORDS = set(
  "how many much what when where who whom whose which why do does did can could should would may might must " +
    "shall i me my we us our you your he she his her them its get gets got have has had am being been " +
    "per any some there here also about tell know please",
);

/**
 * Words that carry no content in an answer (SQuAD-style token matching keeps articles out already):
 * what the text evaluators leave out of "content tokens".
 */
export const ANSWER_STOP_WORDS = set(
  "is are was were be been of to in on at for and or but with by from as it its this that these those what which who how many much do does did i you we they he she me my your our their can not no yes",
);
