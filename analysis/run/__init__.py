"""Outside the kernel: running many articles, papermill and nbconvert, writing outputs safely."""
