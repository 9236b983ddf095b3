# Each model's ROC AUC with DeLong's 95% interval, from pROC, for the release
# review's oracle test (tests/integration/release.rs). Reads the two models' out-of-
# fold scores on scikit-learn's breast-cancer set (tests/data/breast_cancer_two_models.csv,
# made by make_comparison.py) and writes tests/data/proc_oracle.json. The direction
# is fixed (controls = label 0 < cases = label 1), as tradeoff's is.
# Also each model's partial AUC over false-positive rates 0.02 to
# 0.15 (specificities 0.98 to 0.85), not standardised (partial.auc.correct = FALSE).
# Run from the repository root:
#
#     Rscript tests/oracle/proc_oracle.R
suppressMessages({
  library(pROC)
  library(jsonlite)
})
d <- read.csv("tests/data/breast_cancer_two_models.csv")
one <- function(score) {
  r <- roc(d$label, score, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong", conf.level = 0.95)
  partial <- auc(r, partial.auc = c(0.98, 0.85), partial.auc.focus = "specificity", partial.auc.correct = FALSE)
  list(auc = as.numeric(auc(r)), low = ci[1], high = ci[3], variance = var(r, method = "delong"),
       partial_auc_fpr_0.02_0.15 = as.numeric(partial))
}
out <- list(
  proc_version = as.character(packageVersion("pROC")),
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  file = "tests/data/breast_cancer_two_models.csv",
  logistic = one(d$score_logistic),
  naive_bayes = one(d$score_naive_bayes)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/data/proc_oracle.json")
