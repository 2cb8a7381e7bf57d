/*
 * revdiff/classify.h - the classifier (classify.c): names each change of a diff.
 * One part of the public API: revdiff.h includes them all.
 */
#ifndef REVDIFF_CLASSIFY_H
#define REVDIFF_CLASSIFY_H

#include <stddef.h>
#include "diff.h"

/*
 * Names every change of `d`: sets each op's cls (and partner, for moves)
 * and recomputes stats.by_class.  When several classes fit, the first of
 * this list wins:
 *   whitespace > moved > unicode > case > spacing > punctuation
 *   > quotation > number > spelling > insert / delete / replace
 * so a spacing fix inside a quotation is spacing, and a number changed
 * inside a quotation is quotation.  by_class counts what is shown: a moved
 * block (a delete paired with an insert elsewhere) counts once.
 */
void rd_classify(struct rd_diff *d);
/* Nonzero for the classes that do not change the wording (cls <
 * RD_CLASS_SPELLING): whitespace, spacing, case, unicode, punctuation. */
int rd_class_is_trivial(enum rd_class c);
/*
 * Words (word, number and CJK tokens) in the changed text of a classified
 * diff, deleted plus inserted, split into those of trivial changes and the
 * rest.  A moved block counts its words once, at its new place, as
 * substantive.  For `log --stat`.
 */
void rd_diff_words_by_kind(const struct rd_diff *d, size_t *substantive, size_t *trivial);

#endif
