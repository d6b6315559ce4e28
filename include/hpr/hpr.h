/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/hpr.h
 * @brief Umbrella header: includes every public hpr module.
 */
#ifndef HPR_HPR_H
#define HPR_HPR_H

#include "hpr/common.h"
#include "hpr/version.h"
#include "hpr/errors.h"
#include "hpr/money.h"
#include "hpr/date.h"
#include "hpr/policy.h"
#include "hpr/claim.h"
#include "hpr/ledger.h"
#include "hpr/classify.h"
#include "hpr/eligibility.h"
#include "hpr/settle.h"
#include "hpr/columns.h"
#include "hpr/names.h"
#include "hpr/lang.h"
#include "hpr/extension.h"
#include "hpr/standards.h"
#include "hpr/registry.h"
#include "hpr/audit.h"

#endif /* HPR_HPR_H */
