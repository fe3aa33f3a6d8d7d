"""Crisis plans and declared health crises (issue 7): storage, services and pages over `cpts.accord.crises`."""
