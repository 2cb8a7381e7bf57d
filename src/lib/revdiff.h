/*
 * revdiff.h - the public face of librevdiff, the only library header the
 * command line includes.
 *
 * Ownership, stated once: whatever comes back through an `**out` or an
 * `*out` struct filled by a function belongs to the caller and is released
 * with the matching `_free` (heap objects) or `_release` (embedded structs).
 * A `const` pointer is borrowed and lives as long as its owner.  Every
 * `_free` and `_release` accepts NULL or an already released struct.
 *
 * Errors: functions that can fail return 0 or a negative RD_E* code and set
 * one message, read with rd_error_last(); callers pass the code up unchanged.
 * Allocation failure is fatal in one place (mem.c), so there are no
 * out-of-memory paths elsewhere.
 */
#ifndef REVDIFF_H
#define REVDIFF_H

/*
 * One header per module under src/lib/revdiff/, as git2.h gathers
 * include/git2/; each states its own dependencies.  Library files include
 * this one; the command line includes only this one.
 */
#include "revdiff/errors.h"
#include "revdiff/mem.h"
#include "revdiff/buf.h"
#include "revdiff/quote.h"
#include "revdiff/token.h"
#include "revdiff/similar.h"
#include "revdiff/diff.h"
#include "revdiff/classify.h"
#include "revdiff/render.h"
#include "revdiff/date.h"
#include "revdiff/store.h"
#include "revdiff/reader.h"
#include "revdiff/mediawiki.h"
#include "revdiff/import.h"
#include "revdiff/blame.h"
#include "revdiff/history.h"
#include "revdiff/cfgfile.h"
#include "revdiff/rules.h"
#include "revdiff/findings_json.h"
#include "revdiff/workrepo.h"
#include "revdiff/config.h"
#include "revdiff/trust.h"

#endif
