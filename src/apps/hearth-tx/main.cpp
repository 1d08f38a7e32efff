#include <hearth/version.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-version") == 0) {
            std::printf("hearth-tx %s\n", HEARTH_VERSION_STRING);
            return 0;
        }
    }
    std::printf("Usage: hearth-tx [--version]\n");
    return 0;
}
