module ad

go 1.26.8
