/* akn_roles.c - role titles named in a document (see akn_roles.h). */
#include "write/akn/akn_roles.h"

#include <ctype.h>
#include <string.h>

/* A title inside a longer listed title does not count on its own: "Group
 * Leader" names the group leader, not the Leader (see inside_longer). */
static const akn_role roles[] = {
    {"Chief Executive", "chiefExecutive"},
    {"Head of Paid Service", "headOfPaidService"},
    {"Monitoring Officer", "monitoringOfficer"},
    {"Chief Finance Officer", "chiefFinanceOfficer"},
    {"Section 151 Officer", "section151Officer"},
    {"Director of Governance", "directorOfGovernance"},
    {"Proper Officer", "properOfficer"},
    {"Town Clerk", "townClerk"},
    {"Chief Officer", "chiefOfficer"},
    {"Strategic Director", "strategicDirector"},
    {"Executive Director", "executiveDirector"},
    {"Leader", "leader"},
    {"Deputy Leader", "deputyLeader"},
    {"Group Leader", "groupLeader"},
    {"Cabinet Member", "cabinetMember"},
    {"Portfolio Holder", "portfolioHolder"},
    {"Mayor", "mayor"},
    {"Chairman", "chairman"},
    {"Vice Chairman", "viceChairman"},
    {"Chair", "chair"},
    {"Vice Chair", "viceChair"},
};

size_t akn_roles_count(void) { return sizeof roles / sizeof roles[0]; }

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Length of the match of TITLE at S (0 if none): first letter exact, the
 * rest case-insensitive; "...man" also matches "...men". */
static size_t match_at(const char *s, const char *title) {
  size_t n = strlen(title);
  if (s[0] != title[0]) return 0;
  for (size_t i = 1; i < n; i++) {
    if (!s[i]) return 0;
    if (tolower((unsigned char)s[i]) != tolower((unsigned char)title[i])) {
      /* Chairman -> Chairmen */
      if (i == n - 2 && title[i] == 'a' && title[i + 1] == 'n' && n >= 3 && title[i - 1] == 'm' &&
          s[i] == 'e' && s[i + 1] == 'n')
        return n;
      return 0;
    }
  }
  return n;
}

/* Is the match of TITLE at P the tail of a longer listed title ("Vice
 * Chairman" around "Chairman")? */
static int inside_longer(const char *text, const char *p, const char *title) {
  size_t tn = strlen(title);
  for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
    const char *u = roles[i].title;
    size_t un = strlen(u);
    if (un <= tn + 1 || strcmp(u + un - tn, title) != 0 || u[un - tn - 1] != ' ') continue;
    size_t back = un - tn;
    if ((size_t)(p - text) < back) continue;
    if (match_at(p - back, u)) return 1;
  }
  return 0;
}

/* Does TITLE occur at P (a word start of TEXT) as a whole word, not as
 * the tail of a longer listed title? */
static int named_at(const char *text, const char *p, const char *title) {
  size_t n = match_at(p, title);
  if (!n || inside_longer(text, p, title)) return 0;
  const char *e = p + n;
  if (*e == 's') e++; /* "Chief Officers" */
  return !word_char(*e);
}

int akn_roles_match(const char *text, const char *title) {
  if (!text) return 0;
  /* a match starts with TITLE's first letter, exactly (match_at): jump
   * from one to the next (21 titles, every text of every document) */
  for (const char *p = text; (p = strchr(p, title[0])) != NULL; p++) {
    if (p > text && word_char(p[-1])) continue;
    if (named_at(text, p, title)) return 1;
  }
  return 0;
}

#define NROLES (sizeof roles / sizeof roles[0])

/* Marks in FOUND every role TEXT names: one pass for all the titles (a
 * pass per title read every clause 21 times, 7 % of a large build). The
 * same test as akn_roles_match at every word start, so the same roles. */
static void scan(const char *text, int *found, size_t *nfound) {
  if (!text) return;
  for (const char *p = text; *p && *nfound < NROLES; p++) {
    if (p > text && word_char(p[-1])) continue;
    if (!isupper((unsigned char)*p)) continue; /* every title starts with a capital */
    for (size_t i = 0; i < NROLES; i++)
      if (!found[i] && roles[i].title[0] == *p && named_at(text, p, roles[i].title)) {
        found[i] = 1;
        ++*nfound;
      }
  }
}

/* clause and prose text already include their items' text (model.h) */
size_t akn_roles_find(const cc_document *d, const akn_role **out) {
  int found[NROLES] = {0};
  size_t nfound = 0;
  for (size_t i = 0; i < d->nsections; i++) scan(d->sections[i]->heading_text, found, &nfound);
  for (size_t i = 0; i < d->nclauses; i++) scan(d->clauses[i]->text, found, &nfound);
  for (size_t i = 0; i < d->nprose; i++) scan(d->prose[i]->text, found, &nfound);
  for (size_t i = 0; i < d->nfootnotes; i++) scan(d->footnotes[i]->text, found, &nfound);
  size_t n = 0;
  for (size_t i = 0; i < NROLES; i++)
    if (found[i]) out[n++] = &roles[i];
  return n;
}
