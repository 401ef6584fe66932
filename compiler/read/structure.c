/* structure.c - warnings where a source seems to have lost structure that
 * the council printed: clauses joined into one paragraph, a heading written
 * as a clause, a gap or a step back in the clause numbers, a paragraph
 * numbered as text among paragraphs numbered {.clause}. Text copied out of
 * web pages and PDFs loses exactly this, and nothing else would notice.
 * Implements docs/annotated-markdown.md section 10. Each warning says what
 * to do; every one can be answered in the source without changing words.
 */
#include "read/reader_internal.h"
#include "model/numbering.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Does number B come straight after A? 1.2 -> 1.3, 1.9 -> 2.1, 2.13 ->
 * 2.13A, 2.13A -> 2.14, 1.2 -> 1.2.1, 1.2.3 -> 1.3; single numbers n ->
 * n+1. */
static bool follows(const cc_number *a, const cc_number *b) {
  int na = a->nparts, nb = b->nparts;
  if (na == nb) {
    for (int i = 0; i < na - 1; i++)
      if (a->parts[i] != b->parts[i])
        return i == 0 && na >= 2 && b->parts[0] == a->parts[0] + 1 && b->parts[nb - 1] == 1 &&
               !b->suffix;
    if (b->parts[nb - 1] == a->parts[na - 1])
      return b->suffix && (a->suffix ? b->suffix == a->suffix + 1 : b->suffix == 'a');
    return b->parts[nb - 1] == a->parts[na - 1] + 1 && !b->suffix;
  }
  if (nb == na + 1) {
    for (int i = 0; i < na; i++)
      if (a->parts[i] != b->parts[i]) return false;
    return b->parts[nb - 1] == 1;
  }
  if (nb < na && nb >= 2) {
    for (int i = 0; i < nb - 1; i++)
      if (a->parts[i] != b->parts[i]) return false;
    return b->parts[nb - 1] == a->parts[nb - 1] + 1;
  }
  return false;
}

static bool sentence_end(unsigned char c) { return c && strchr(".;:!?)\"'", (char)c); }

/* The end of a sentence before S[I] (a space): '.', ';', ':', a closing
 * bracket or quote (also curly). */
static bool after_sentence(const char *s, size_t i) {
  while (i > 0 && s[i - 1] == ' ') i--;
  if (i == 0) return false;
  unsigned char c = (unsigned char)s[i - 1];
  if (sentence_end(c)) return true;
  return i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
         (c == 0x9D || c == 0x99);
}

static bool starts_sentence(const char *p) {
  unsigned char c = (unsigned char)*p;
  return isupper(c) || c == '(' || c == '"' || c >= 0x80;
}

typedef struct {
  reader *r;
  cc_number ref;    /* the number the text continues from */
  bool have_ref;
  int warned;
} scan;

/* Clause numbers inside the text of node T (not at its start: that is the
 * clause's own number, or a line start check_line_starts covers). */
static void scan_text(scan *sc, const cc_inline *t, const char *what) {
  const char *s = t->text;
  size_t n = strlen(s);
  for (size_t i = 1; i < n && !sc->warned; i++) {
    if (s[i - 1] != ' ' || !isdigit((unsigned char)s[i]) || !after_sentence(s, i - 1)) continue;
    cc_number num;
    if (!numbering_parse(s + i, &num) || !starts_sentence(s + i + num.skip) || num.skip == num.len)
      continue;
    bool single = num.nparts == 1;
    if (single && s[i + num.len - 1] != '.') continue; /* "16 members": a count */
    /* written escaped ("1\.3") is text by the writer's word */
    int c0 = reader_col_at(sc->r, t, i), c1 = reader_col_at(sc->r, t, i + num.len);
    if (c1 - c0 != (int)num.len) continue;
    if (sc->have_ref && sc->ref.nparts >= 1 && follows(&sc->ref, &num)) {
      char *shown = arena_strndup(sc->r->a, s + i, num.len);
      const char *dot = strchr(shown, '.');
      int dp = dot ? (int)(dot - shown) : (int)num.len;
      if (single)
        diag_warning(sc->r->d, sc->r->file, t->pos.line, c0,
                     "'%s' inside %s continues its numbering: paragraphs numbered 1, 2, 3 were "
                     "joined; start a new paragraph here, written '%.*s\\%s ... {.clause}' "
                     "(or write '%.*s\\%s' if the number is text)",
                     shown, what, dp, shown, shown + dp, dp, shown, shown + dp);
      else
        diag_warning(sc->r->d, sc->r->file, t->pos.line, c0,
                     "'%s' inside %s looks like the next clause's number: two clauses were "
                     "joined; put a blank line before '%s' (or write '%.*s\\%s' if it is text)",
                     shown, what, shown, dp, shown, shown + dp);
      sc->warned = 1;
      return;
    }
    sc->ref = num;
    sc->have_ref = true;
  }
}

static void scan_inlines(scan *sc, const cc_inline *in, const char *what) {
  for (; in && !sc->warned; in = in->next) {
    if (in->kind == CC_INL_TEXT && in->text) scan_text(sc, in, what);
    else if (in->children && in->kind != CC_INL_LINK) scan_inlines(sc, in->children, what);
  }
}

/* Runs of clause numbers in the paragraphs of a clause or prose; true if
 * one was reported. */
static bool scan_blocks(reader *r, const cc_block *b, const cc_clause *cl, const char *what) {
  bool warned = false;
  for (; b; b = b->next) {
    if (b->kind != CC_BLK_PARA) continue;
    scan sc = {r, {{0}, 0, 0, 0, 0}, false, 0};
    const cc_inline *t = b->inlines;
    if (cl && cl->canonical && b == cl->blocks && cl->number) {
      sc.have_ref = numbering_parse(cl->number, &sc.ref) != 0;
    } else if (t && t->kind == CC_INL_TEXT && isdigit((unsigned char)t->text[0])) {
      /* a paragraph that starts "1\\. ..." (as text): its run starts there */
      const char *lead = t->text;
      if (t->next && t->next->kind == CC_INL_TEXT && strlen(lead) < 8)
        lead = arena_printf(r->a, "%s%s", lead, t->next->text);
      sc.have_ref = numbering_parse(lead, &sc.ref) != 0;
    }
    scan_inlines(&sc, b->inlines, what);
    warned |= sc.warned != 0;
  }
  return warned;
}

/* Plain text of a clause's first paragraph, for the heading test. */
static bool reads_like_heading(reader *r, const cc_clause *cl) {
  if (cl->heading || !cl->blocks || cl->blocks->kind != CC_BLK_PARA || cl->blocks->next)
    return false;
  char *t = model_inlines_text(r->scratch, cl->blocks->inlines);
  size_t n = strlen(t), words = 0;
  bool in = false;
  for (const char *p = t; *p; p++) {
    bool w = !isspace((unsigned char)*p);
    if (w && !in) words++;
    in = w;
  }
  while (n && isspace((unsigned char)t[n - 1])) n--;
  if (!n || words == 0 || words > 10) return false;
  /* a verb makes it a sentence: "Members must ..." */
  static const char *verbs[] = {" is ", " are ", " must ", " should ", " will ", " may ",
                                " shall ", " can ", " has ", " have ", " was ", " be ", NULL};
  char *low = arena_printf(r->scratch, " %s ", t);
  for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
  for (int i = 0; verbs[i]; i++)
    if (strstr(low, verbs[i])) return false;
  unsigned char last = (unsigned char)t[n - 1];
  if (strchr(".;:,!?)\"'", (char)last) || last >= 0x80) return false;
  return isupper((unsigned char)t[0]);
}

static int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (const cc_clause *const *)a,
            y = (uintptr_t) * (const cc_clause *const *)b;
  return x < y ? -1 : x > y;
}

/* r->marked is sorted by structure_check_document */
static bool marked_clause(reader *r, const cc_clause *cl) {
  return r->nmarked && bsearch(&cl, r->marked, r->nmarked, sizeof *r->marked, by_address);
}

void structure_check_document(reader *r) {
  cc_document *doc = r->doc;
  if (r->nmarked) qsort(r->marked, r->nmarked, sizeof *r->marked, by_address);
  bool singles = false;
  for (size_t i = 0; i < doc->nclauses; i++) {
    cc_clause *cl = doc->clauses[i];
    cc_number me;
    if (cl->number && numbering_parse(cl->number, &me) && me.nparts == 1) singles = true;
  }
  const cc_clause *prev = NULL;
  bool prev_joined = false;
  for (size_t i = 0; i < doc->nclauses; i++) {
    cc_clause *cl = doc->clauses[i];
    const char *what = cl->number ? arena_printf(r->a, "clause %s", cl->number) : "this clause";
    bool joined = scan_blocks(r, cl->blocks, cl, what);
    /* a heading written as a clause */
    if (reads_like_heading(r, cl) && !marked_clause(r, cl)) {
      if (cl->number)
        diag_warning(r->d, r->file, cl->pos.line, cl->pos.col,
                     "clause %s reads like a heading (a few words, no full stop): if it is the "
                     "clause's heading write '### %s %s' with its text below; if it is a section "
                     "write '## ...'; if it is a clause, end it with {.clause}",
                     cl->number, cl->number, model_inlines_text(r->a, cl->blocks->inlines));
      else
        diag_warning(r->d, r->file, cl->pos.line, cl->pos.col,
                     "this clause reads like a heading (a few words, no full stop): if it is one "
                     "write '## %s'; if it is a clause, end it with {.clause}",
                     model_inlines_text(r->a, cl->blocks->inlines));
    }
    /* gaps and steps back in the numbering of one section */
    cc_number a, b;
    if (prev && !prev_joined && prev->section == cl->section && prev->canonical &&
        cl->canonical && !cl->note &&
        numbering_parse(prev->canonical, &a) && numbering_parse(cl->canonical, &b) &&
        a.nparts == b.nparts && !follows(&a, &b)) {
      bool same_prefix = true;
      for (int k = 0; k < a.nparts - 1; k++) same_prefix &= a.parts[k] == b.parts[k];
      int la = a.parts[a.nparts - 1], lb = b.parts[b.nparts - 1];
      if (same_prefix && lb > la + 1 && !b.suffix)
        diag_warning(r->d, r->file, cl->pos.line, cl->pos.col,
                     "clause %s follows clause %s: the number%s between %s missing; if a "
                     "clause's text is inside the one above, put a blank line before its "
                     "number; if the council skipped %s, say so with {note=\"...\"} on this "
                     "clause", cl->number, prev->number, lb > la + 2 ? "s" : "",
                     lb > la + 2 ? "are" : "is", lb > la + 2 ? "them" : "it");
      else if (same_prefix && (lb < la || (lb == la && b.suffix < a.suffix)))
        diag_warning(r->d, r->file, cl->pos.line, cl->pos.col,
                     "clause %s follows clause %s: the numbering goes back%s; if a new section "
                     "starts here, add its heading ('## ...'); if the numbers restart in every "
                     "section, number the paragraphs as printed with {.clause} (section 3)",
                     cl->number, prev->number, b.nparts == 1 ? " in the same section" : "");
    }
    prev = cl;
    prev_joined = joined;
  }
  for (size_t i = 0; i < doc->nprose; i++) scan_blocks(r, doc->prose[i]->blocks, NULL, "this paragraph");
  /* a paragraph numbered as text among paragraphs numbered {.clause} */
  if (!singles) return;
  for (size_t i = 0; i < doc->nclauses; i++) {
    cc_clause *cl = doc->clauses[i];
    for (const cc_block *b = cl->blocks ? cl->blocks->next : NULL; b; b = b->next) {
      if (b->kind != CC_BLK_PARA || !b->inlines || b->inlines->kind != CC_INL_TEXT) continue;
      const cc_inline *t = b->inlines;
      const char *s = t->text;
      if (t->next && t->next->kind == CC_INL_TEXT)
        s = arena_printf(r->a, "%s%s", t->text, t->next->text);
      size_t k = 0;
      while (isdigit((unsigned char)s[k])) k++;
      if (k == 0 || k > 3 || s[k] != '.' || s[k + 1] != ' ' || !starts_sentence(s + k + 2))
        continue;
      diag_warning(r->d, r->file, b->pos.line, b->pos.col,
                   "this paragraph starts with '%.*s' as text, inside %s, while the paragraphs "
                   "around it are numbered with {.clause}: if it is one of them, end it with "
                   "{.clause}",
                   (int)k + 1, s, cl->number ? arena_printf(r->a, "clause %s", cl->number)
                                             : "the clause above");
    }
  }
}
