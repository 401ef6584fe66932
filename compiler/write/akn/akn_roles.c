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

int akn_roles_match(const char *text, const char *title) {
  if (!text) return 0;
  /* a match starts with TITLE's first letter, exactly (match_at): jump
   * from one to the next (21 titles, every text of every document) */
  for (const char *p = text; (p = strchr(p, title[0])) != NULL; p++) {
    if (p > text && word_char(p[-1])) continue;
    size_t n = match_at(p, title);
    if (!n || inside_longer(text, p, title)) continue;
    const char *e = p + n;
    if (*e == 's') e++; /* "Chief Officers" */
    if (!word_char(*e)) return 1;
  }
  return 0;
}

/* clause and prose text already include their items' text (model.h) */
static int named_in(const cc_document *d, const char *title) {
  for (size_t i = 0; i < d->nsections; i++)
    if (akn_roles_match(d->sections[i]->heading_text, title)) return 1;
  for (size_t i = 0; i < d->nclauses; i++)
    if (akn_roles_match(d->clauses[i]->text, title)) return 1;
  for (size_t i = 0; i < d->nprose; i++)
    if (akn_roles_match(d->prose[i]->text, title)) return 1;
  for (size_t i = 0; i < d->nfootnotes; i++)
    if (akn_roles_match(d->footnotes[i]->text, title)) return 1;
  return 0;
}

size_t akn_roles_find(const cc_document *d, const akn_role **out) {
  size_t n = 0;
  for (size_t i = 0; i < akn_roles_count(); i++)
    if (named_in(d, roles[i].title)) out[n++] = &roles[i];
  return n;
}
